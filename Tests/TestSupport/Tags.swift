import Testing

extension Tag {
    /// Tests that take seconds each: whole solves against a time limit, child processes, a browser.
    @Tag public static var slow: Self
}
