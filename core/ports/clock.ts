// Time comes from outside core so tests can hold it still or move it on.

export interface Clock {
  now(): Date;
}
