import FuzzReplay

/// libFuzzer's entry point: scenario bytes -> ScenarioDecoder -> applied to a fixed valid
/// instance (see FuzzReplay.scenario).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FuzzReplay.scenario(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
