/** A launch or login that cannot go on; the message is shown to the user as it is. */
export class LaunchError extends Error {
  override name = "LaunchError";
}
