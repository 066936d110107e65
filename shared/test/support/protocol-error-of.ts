import { isProtocolError } from '../../src';

/** The ProtocolError message `parse` throws (what the webhook answers 400 with); fails the test when it accepts or throws anything else. */
export function protocolErrorOf(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (isProtocolError(error)) return error.message;
    throw error;
  }
  throw new Error('the payload was accepted');
}
