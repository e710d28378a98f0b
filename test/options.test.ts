// Options are checked once, at creation: a wrong one throws a TypeError or RangeError that says how to fix it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { soet } from '../src/index.js';
import { resolveSettings } from '../src/options.js';

const ON = { DEBUG: 'soet' };

describe('wrong options throw at creation, naming the option, the value and what is expected', () => {
  const cases: [string, Record<string, unknown>, typeof TypeError | typeof RangeError, RegExp][] = [
    ['results as a string', { results: '3' }, TypeError, /`results` must be an integer from 1 to 10, received '3'/],
    ['results of 0', { results: 0 }, RangeError, /`results` must be an integer from 1 to 10, received 0/],
    ['results of 11', { results: 11 }, RangeError, /received 11/],
    ['results of 2.5', { results: 2.5 }, TypeError, /received 2\.5/],
    ['timeoutMs below 100', { timeoutMs: 5 }, RangeError, /`timeoutMs` must be an integer from 100 to 60000, received 5/],
    ['timeoutMs as words', { timeoutMs: 'fast' }, TypeError, /`timeoutMs`.*received 'fast'/],
    ['apiUrl that is not http', { apiUrl: 'ftp://example.com' }, TypeError, /`apiUrl` must be an http or https URL, received 'ftp:\/\/example\.com'/],
    ['apiUrl that is not a URL', { apiUrl: 'api.stackexchange.com' }, TypeError, /`apiUrl`/],
    ['site with spaces', { site: 'Stack Overflow' }, TypeError, /`site` must be a Stack Exchange site name/],
    ['tags with capitals', { tags: ['Express'] }, TypeError, /`tags` must be a list of Stack Overflow tags.*received \[ 'Express' \]/],
    ['tags that are not strings', { tags: [1] }, TypeError, /`tags`/],
    ['enabled as a string', { enabled: 'yes' }, TypeError, /`enabled` must be a boolean, received 'yes'/],
    ['output without write', { output: {} }, TypeError, /`output` must be a writable stream/],
    ['redact as a string', { redact: 'password' }, TypeError, /`redact` must be a RegExp, a function/],
    ['beforeSearch as a string', { beforeSearch: 'x' }, TypeError, /`beforeSearch` must be a function/],
    ['cache as a string', { cache: 'no' }, TypeError, /`cache` must be a boolean/],
    ['an empty cacheDir', { cacheDir: '' }, TypeError, /`cacheDir` must be a folder path/],
    ['a negative cacheTtl', { cacheTtl: -5 }, RangeError, /`cacheTtl` must be a duration in ms/],
    ['an unknown repeats mode', { repeats: 'always' }, TypeError, /`repeats` must be one of 'summary', 'full', 'silent', received 'always'/],
  ];
  for (const [label, options, kind, message] of cases) {
    test(label, () => {
      assert.throws(() => soet(options), (error: Error) => error instanceof kind && message.test(error.message) && /Pass e\.g\. \{ \w+: .+ \}/.test(error.message));
    });
  }

  test('they throw even when soet is off, so a typo shows up in development', () => {
    assert.throws(() => soet({ enabled: false, results: 99 }), RangeError);
  });

  test('a bad key is reported without echoing it', () => {
    assert.throws(() => soet({ key: 'secret key with spaces' }), (error: Error) => error instanceof TypeError && /`key`/.test(error.message) && !error.message.includes('secret key'));
  });
});

describe('unknown option names', () => {
  const cases: [string, RegExp][] = [
    ['timeout', /unknown option `timeout`\. Did you mean `timeoutMs`\?/],
    ['result', /Did you mean `results`\?/],
    ['apiURL', /Did you mean `apiUrl`\?/],
    ['colour', /unknown option `colour`\.(?! Did).*Known options: enabled, apiUrl/],
  ];
  for (const [name, message] of cases) {
    test(`\`${name}\` is refused${/Did/.test(message.source) ? ' with a suggestion' : ''}`, () => {
      assert.throws(() => soet({ [name]: 1 }), (error: Error) => error instanceof TypeError && message.test(error.message));
    });
  }

  test('options that are not an object are refused', () => {
    assert.throws(() => soet('fast' as never), /options must be an object, received 'fast'/);
  });
});

describe('environment variables', () => {
  test('fill in options when soet is on', () => {
    const settings = resolveSettings({}, { ...ON, SOET_RESULTS: '5', SOET_SITE: 'superuser', SOET_TAGS: 'express, mongoose', SOET_TIMEOUT_MS: '2500', STACKEXCHANGE_KEY: 'k3y((', SOET_API_URL: 'http://127.0.0.1:1/2.3/', SOET_CACHE_TTL: '12h', SOET_REPEATS: 'full', SOET_CACHE_DIR: '/tmp/soet-cache' });
    assert.deepEqual(
      { results: settings.results, site: settings.site, tags: settings.tags, timeoutMs: settings.timeoutMs, key: settings.key, apiUrl: settings.apiUrl, cacheTtl: settings.cacheTtl, repeats: settings.repeats, cacheDir: settings.cacheDir },
      { results: 5, site: 'superuser', tags: ['node.js', 'javascript', 'express', 'mongoose'], timeoutMs: 2500, key: 'k3y((', apiUrl: 'http://127.0.0.1:1/2.3', cacheTtl: 12 * 3_600_000, repeats: 'full', cacheDir: '/tmp/soet-cache' },
    );
  });

  test('the option in code wins over its variable', () => {
    assert.equal(resolveSettings({ results: 2 }, { ...ON, SOET_RESULTS: '9' }).results, 2);
  });

  test('defaults without either', () => {
    const settings = resolveSettings({}, ON);
    assert.deepEqual(
      { apiUrl: settings.apiUrl, site: settings.site, tags: settings.tags, results: settings.results, timeoutMs: settings.timeoutMs, key: settings.key, cacheTtl: settings.cacheTtl, repeats: settings.repeats, output: settings.output },
      { apiUrl: 'https://api.stackexchange.com/2.3', site: 'stackoverflow', tags: ['node.js', 'javascript'], results: 3, timeoutMs: 5000, key: undefined, cacheTtl: 7 * 24 * 3_600_000, repeats: 'summary', output: process.stderr },
    );
  });

  test('a bad value names the variable and how to fix it', () => {
    assert.throws(() => resolveSettings({}, { ...ON, SOET_RESULTS: 'three' }), (error: Error) => error instanceof RangeError && /SOET_RESULTS must be an integer from 1 to 10, received 'three'\. Fix or unset SOET_RESULTS/.test(error.message));
    assert.throws(() => resolveSettings({}, { ...ON, SOET_CACHE: 'maybe' }), /SOET_CACHE must be on or off/);
  });

  test('are not read at all while soet is off', () => {
    assert.doesNotThrow(() => resolveSettings({}, { SOET_RESULTS: 'three', SOET_TIMEOUT_MS: '-1' }));
  });

  test('SOET_CACHE=off turns the cache off', () => {
    const settings = resolveSettings({}, { ...ON, SOET_CACHE: 'off' });
    assert.deepEqual([settings.cache, settings.cacheDir], [false, null]);
  });
});
