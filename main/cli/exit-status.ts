/** Exit status for bad usage or bad input: the user fixes the command and runs it again. */
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;
