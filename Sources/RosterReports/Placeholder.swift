import RosterKit
