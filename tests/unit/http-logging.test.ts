/** What the request log and the traces keep of a URL: never a credential in it. */
import { redactUrl } from '../../src/observability/http-logging';

test('a query access_token and a calendar feed token are taken out, the rest kept', () => {
  expect(redactUrl('/me/calendar.ics?access_token=eyJ.x.y&seat=DE')).toBe(
    '/me/calendar.ics?access_token=[redacted]&seat=DE',
  );
  expect(redactUrl('/calendar-feeds/Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg.ics')).toBe(
    '/calendar-feeds/[redacted]',
  );
  expect(redactUrl('/decisions/dec-1/ballots')).toBe('/decisions/dec-1/ballots');
});
