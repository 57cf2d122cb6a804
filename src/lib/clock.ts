// What time it is, as one small interface: the app uses the system clock, tests a clock they move.

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
