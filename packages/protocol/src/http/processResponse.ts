import { ContractError } from '../errors/ContractError.ts';
import { scrubSecrets } from '../secrets/scrubSecrets.ts';
import { checkShape, type Shape } from '../validation/checkShape.ts';
import { summarizeIssues } from '../validation/summarizeIssues.ts';
import { isJsonContentType, mediaType } from './contentType.ts';
import { type EndpointLabel, type ProcessContext, processErrorResponse } from './processErrorResponse.ts';
import { MAX_BODY_BYTES, type ResponseSnapshot } from './readResponseSnapshot.ts';

/**
 * The shared response pipeline, in oauth4webapi's order: status (2xx is success, 200 and 201 both documented),
 * then content type (JSON), then parse, then the shape of the fields we rely on (unknown fields pass). A
 * mismatch after a 2xx is a `ContractError`: the request worked, the data did not fit. Pure and synchronous.
 */
export function processResponse<B, R>(
  snapshot: ResponseSnapshot,
  shape: Shape,
  map: (body: B) => R,
  names: EndpointLabel,
  context: ProcessContext = {},
): R {
  const { status } = snapshot;
  const { endpoint, label } = names;
  if (!(status >= 200 && status <= 299)) throw processErrorResponse(snapshot, names, context);

  if (!isJsonContentType(snapshot.contentType)) {
    const type = mediaType(snapshot.contentType);
    const shown = type === undefined ? undefined : scrubSecrets(type, context.secrets ?? [], 100);
    throw new ContractError(
      `${label} response was not JSON: the server answered ${status} with ${shown === undefined ? 'no content type' : `content type ${shown}`}.`,
      {
        status,
        issues: [
          shown === undefined
            ? 'content-type: expected application/json but the header is missing'
            : `content-type: expected application/json, got ${shown}`,
        ],
        endpoint,
      },
    );
  }
  if (snapshot.bodyTooLarge) {
    throw new ContractError(
      `${label} response was too large: the server answered ${status} with more than ${MAX_BODY_BYTES} bytes.`,
      { status, issues: [`body: expected at most ${MAX_BODY_BYTES} bytes`], endpoint },
    );
  }
  if (snapshot.body.trim() === '') {
    throw new ContractError(`${label} response was empty: the server answered ${status} with no body.`, {
      status,
      issues: ['body: expected a JSON object but the body is empty'],
      endpoint,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(snapshot.body);
  } catch {
    throw new ContractError(
      `${label} response was not valid JSON: the server answered ${status} with a body that could not be parsed.`,
      { status, issues: ['body: expected valid JSON'], endpoint },
    );
  }
  const issues = checkShape(shape, value);
  if (issues.length > 0) {
    throw new ContractError(`${label} response did not match the expected shape: ${summarizeIssues(issues)}.`, {
      status,
      issues,
      endpoint,
    });
  }
  return map(value as B);
}
