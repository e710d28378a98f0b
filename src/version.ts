// soet's own name and version, for the User-Agent and `--version`; the bundler inlines package.json.
import packageJson from '../package.json' with { type: 'json' };

export const VERSION: string = packageJson.version;
export const USER_AGENT = `soet/${VERSION} (+https://www.npmjs.com/package/soet)`;
