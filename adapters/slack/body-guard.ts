// A guard in front of Bolt's HTTPReceiver: a request whose body parses to something other than an object (JSON
// `null`, a number, a string, an array; or such a `payload` field in a form) is answered 400 here. Bolt reads
// `body.ssl_check` from whatever JSON.parse returned, inside a promise nobody awaits, so `null` ended the process
// (an unhandled rejection) and the rest never got an answer. The body is buffered once with Bolt's own functions;
// Bolt then reuses the buffer (`rawBody`) and still verifies the signature.
import { defaultBodyLimit, HTTPModuleFunctions, isRawBodyError, type HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../src/log.js';

function isObject(body: unknown): boolean {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

export function guardRequestBodies(receiver: HTTPReceiver, logger: Logger, bodyLimit: number = defaultBodyLimit): void {
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (req.method !== 'POST') return bolt(req, res);
    void (async () => {
      let buffered;
      try {
        buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, bodyLimit);
      } catch (e) {
        const tooLarge = isRawBodyError(e) && (e.type === 'entity.too.large' || e.statusCode === 413);
        logger.warn({ path: req.url, err: e }, tooLarge ? 'request body too large' : 'request body could not be read');
        return HTTPModuleFunctions.buildNoBodyResponse(res, tooLarge ? 413 : 400);
      }
      let body: unknown = {};
      try {
        body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
      } catch {
        // malformed JSON: Bolt answers it with its own 400
      }
      if (!isObject(body)) {
        logger.warn({ path: req.url, kind: body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body }, 'request body is not an object: 400');
        return HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      }
      bolt(buffered, res);
    })().catch((e: unknown) => {
      logger.error({ err: e, path: req.url }, 'request failed before Bolt handled it');
      if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 500);
    });
  };
}
