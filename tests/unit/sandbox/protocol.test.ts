import { describe, expect, test } from "bun:test";
import {
  DockerFrameDecoder,
  encodeMessage,
  LineDecoder,
  MAX_LINE_BYTES,
  ProtocolError,
  parseSupervisorLine,
} from "../../../src/sandbox/protocol.ts";

function frame(kind: number, payload: string | Buffer): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = kind;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe("DockerFrameDecoder", () => {
  test("demultiplexes glued frames", () => {
    const seen: string[] = [];
    const decoder = new DockerFrameDecoder((stream, payload) => seen.push(`${stream}:${payload}`));
    decoder.push(Buffer.concat([frame(1, "out1"), frame(2, "err"), frame(1, "out2")]));
    expect(seen).toEqual(["stdout:out1", "stderr:err", "stdout:out2"]);
  });

  test("reassembles frames split at every byte", () => {
    const seen: string[] = [];
    const decoder = new DockerFrameDecoder((stream, payload) => seen.push(`${stream}:${payload}`));
    const bytes = Buffer.concat([frame(1, "hello"), frame(2, "world")]);
    for (let i = 0; i < bytes.length; i++) decoder.push(bytes.subarray(i, i + 1));
    expect(seen).toEqual(["stdout:hello", "stderr:world"]);
  });

  test("rejects unknown stream types", () => {
    const decoder = new DockerFrameDecoder(() => {});
    expect(() => decoder.push(frame(7, "x"))).toThrow(ProtocolError);
  });
});

describe("LineDecoder", () => {
  test("splits lines across chunks and skips empty ones", () => {
    const lines: string[] = [];
    const decoder = new LineDecoder((line) => lines.push(line));
    decoder.push(Buffer.from('{"a":1}\n{"b"'));
    decoder.push(Buffer.from(":2}\n\n{"));
    decoder.push(Buffer.from('"c":3}\n'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  test("keeps multi-byte characters split between chunks", () => {
    const lines: string[] = [];
    const decoder = new LineDecoder((line) => lines.push(line));
    const bytes = Buffer.from("é€😀\n");
    for (let i = 0; i < bytes.length; i++) decoder.push(bytes.subarray(i, i + 1));
    expect(lines).toEqual(["é€😀"]);
  });

  test("replaces invalid UTF-8 instead of failing", () => {
    const lines: string[] = [];
    new LineDecoder((line) => lines.push(line)).push(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
    expect(lines).toEqual(["a\ufffd\ufffdb"]);
  });

  test("refuses a line longer than the bound", () => {
    const decoder = new LineDecoder(() => {});
    expect(() => decoder.push(Buffer.alloc(MAX_LINE_BYTES + 1, 0x61))).toThrow(ProtocolError);
  });
});

describe("supervisor messages", () => {
  test("parses each message type", () => {
    expect(parseSupervisorLine('{"type":"ready","protocol":1,"python":"3.11.2"}').type).toBe("ready");
    const output = parseSupervisorLine('{"type":"output","id":"j","stream":"stderr","data":"x"}');
    expect(output).toEqual({ type: "output", id: "j", stream: "stderr", data: "x" });
    const result = parseSupervisorLine(
      '{"type":"result","id":"j","exitCode":0,"signal":null,"timedOut":null,"clean":true,"anomalies":[]}',
    );
    expect(result.type).toBe("result");
  });

  test.each([
    "not json",
    '{"type":"bogus"}',
    '{"type":"output","id":"j","stream":"stdin","data":"x"}',
    '{"type":"result","id":"j","timedOut":"forever","clean":true,"anomalies":[]}',
  ])("rejects %p", (line) => {
    expect(() => parseSupervisorLine(line)).toThrow(ProtocolError);
  });

  test("encodes one JSON line per message", () => {
    const line = encodeMessage({ type: "stdin", id: "j", data: "a\nb" });
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(line)).toEqual({ type: "stdin", id: "j", data: "a\nb" });
  });
});
