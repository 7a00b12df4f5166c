import FuzzReplay

/// libFuzzer's entry point: instance bytes -> JSONParser -> InstanceDecoder (see FuzzReplay.instance).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInstance(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FuzzReplay.instance(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
