import FuzzReplay

/// libFuzzer's entry point: a fixed valid instance and fuzzed roster bytes -> RosterDecoder ->
/// RosterChecker.check (see FuzzReplay.roster).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRoster(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FuzzReplay.roster(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
