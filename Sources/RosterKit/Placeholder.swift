public enum RosterKitPlaceholder {}
