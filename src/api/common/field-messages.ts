/**
 * The messages of the API's field rules, in one place. Each names the field first, so a 400
 * says which field is wrong and what it must be.
 */

/** An example of each kind of span, for the messages and the document. */
export const DURATION_EXAMPLES = 'P14D or PT30S';

export const fieldMessages = {
  duration: (field: string) => `${field} must be a positive ISO 8601 duration such as ${DURATION_EXAMPLES}`,
  tooLong: (field: string, longest: string) => `${field} must be at most ${longest}`,
  tooFar: (field: string, longest: string) => `${field} must be at most ${longest} from now`,
  nulCharacter: (field: string) => `${field} must not contain the NUL character (U+0000)`,
  nulInPath: (field: string) => `no ${field} contains the NUL character (U+0000)`,
  timestamp: (field: string) => `${field} must be an ISO 8601 timestamp`,
  inFuture: (field: string) => `${field} must be in the future`,
  required: (field: string) => `${field} is required`,
  pairBoth: (at: string, within: string) => `give ${at} or ${within}, not both`,
  pairMissing: (at: string, within: string) => `${at} or ${within} is required`,
  oneOf: (field: string, values: readonly string[]) => `${field} must be one of ${values.join(', ')}`,
  seatCode: (field: string) => `${field} must be a seat code such as DE`,
  flag: (field: string) => `${field} must be true or false`,
  cents: (field: string) => `${field} must be a whole number of cents`,
};
