import pino from 'pino';

/** The parts of a request Fastify hands the `req` serializer. */
interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * A request's URL as the logs may hold it: the path and the names of the query parameters, never
 * their values (API Particulier calls carry a name and a birth date in the query, rental lookups an
 * email), and no share-link token (whoever reads the logs could open the file with it).
 */
export function loggedUrl(url: string): string {
  const mark = url.indexOf('?');
  let path = mark < 0 ? url : url.slice(0, mark);
  path = path.replace(/(\/partage\/)[^/]+/g, '$1…');
  if (mark < 0) return path;
  const names = url
    .slice(mark + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const equals = pair.indexOf('=');
      return `${(equals < 0 ? pair : pair.slice(0, equals)).slice(0, 64)}=…`;
    });
  return names.length ? `${path}?${names.join('&')}` : path;
}

/** Fastify's request and reply serializers, with the URL reduced as above. */
export const LOG_SERIALIZERS = {
  req: (request: LoggedRequest) => ({
    method: request.method,
    url: loggedUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
  err: pino.stdSerializers.err,
};
