// Files imported as text (`import x from "./file.py" with { type: "text" }`): bundled into the binary.
declare module "*.py" {
  const source: string;
  export default source;
}
