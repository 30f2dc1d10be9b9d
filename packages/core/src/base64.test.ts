import { describe, expect, it } from "vitest";
import { encodeBase64, encodeBase64Utf8, utf8Encode } from "./base64.js";

describe("encodeBase64Utf8", () => {
  it.each([
    ["", ""],
    ["f", "Zg=="],
    ["fo", "Zm8="],
    ["foo", "Zm9v"],
    ["foob", "Zm9vYg=="],
    ["fooba", "Zm9vYmE="],
    ["foobar", "Zm9vYmFy"],
  ])("matches the RFC 4648 vector %j", (input, expected) => {
    expect(encodeBase64Utf8(input)).toBe(expected);
  });

  it.each([
    ["client-id:client-secret", "Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ="],
    ["é", "w6k="],
    ["€", "4oKs"],
    ["😀", "8J+YgA=="],
    ["Zoom ✓ 日本語:sécret", "Wm9vbSDinJMg5pel5pys6KqeOnPDqWNyZXQ="],
    ["\ud800", "77+9"],
    ["ab\udc00c", "YWLvv71j"],
  ])("encodes %j as UTF-8 like Buffer does", (input, expected) => {
    expect(encodeBase64Utf8(input)).toBe(expected);
  });

  it("uses the standard alphabet with + and /", () => {
    expect(encodeBase64(Uint8Array.from([0xfb, 0xff, 0xbf]))).toBe("+/+/");
    expect(encodeBase64(Uint8Array.from([0x00, 0x10, 0x83, 0x10, 0x51, 0x87]))).toBe("ABCDEFGH");
  });
});

describe("utf8Encode", () => {
  it("encodes every width of code point", () => {
    expect([...utf8Encode("A\u00e9\u20ac\u{1f600}")]).toEqual([
      0x41, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80,
    ]);
  });

  it("replaces lone surrogates with U+FFFD", () => {
    expect([...utf8Encode("\udbff")]).toEqual([0xef, 0xbf, 0xbd]);
    expect([...utf8Encode("\udbffx")]).toEqual([0xef, 0xbf, 0xbd, 0x78]);
    expect([...utf8Encode("\udc00")]).toEqual([0xef, 0xbf, 0xbd]);
  });

  it("encodes the edges of each range", () => {
    expect([...utf8Encode("\u007f\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}")]).toEqual([
      0x7f, 0xc2, 0x80, 0xdf, 0xbf, 0xe0, 0xa0, 0x80, 0xef, 0xbf, 0xbf, 0xf0, 0x90, 0x80, 0x80, 0xf4, 0x8f,
      0xbf, 0xbf,
    ]);
  });
});
