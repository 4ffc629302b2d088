/** setTimeout stores delays in a signed 32-bit integer; a longer delay would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;
