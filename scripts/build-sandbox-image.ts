// Builds the sandbox execution image now, if it is missing (Slate would build it at its first start).
// CI runs this before the tests, so no test has to wait a minute for the first build.
import Docker from "dockerode";
import { sandboxDir } from "../src/lib/paths.ts";
import { ensureImage, imageTag } from "../src/sandbox/image.ts";

const tag = imageTag(sandboxDir);
const log = (o: object | string, msg?: string) =>
  console.log(typeof o === "string" ? o : (msg ?? JSON.stringify(o)));
await ensureImage(new Docker(), sandboxDir, tag, { info: log, warn: log, error: log });
console.log(`sandbox image ready: ${tag}`);
