/** The error `promise` rejects with; throws when it resolves instead (so a test cannot pass by accident). */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}
