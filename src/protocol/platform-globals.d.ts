// The globals the protocol may use: those that browsers and Node (≥ 20) both
// provide. The protocol compiles without the DOM's and Node's own type
// libraries, so using anything else fails the build instead of one side.
declare global {
  var crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
  class TextEncoder {
    encode(input?: string): Uint8Array;
  }
  class TextDecoder {
    constructor(label?: string, options?: { fatal?: boolean });
    decode(input?: Uint8Array): string;
  }
}

export {};
