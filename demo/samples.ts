// Sample questions and answers for the offline demo, written for it and labelled as samples in their titles.
import { type Sample, answer, question } from '../test/support/standin.js';

const sample = (id: number, title: string, keywords: string, body: string, extra: Record<string, unknown> = {}): Sample => ({
  question: question(id, `[sample] ${title}`, { score: 120 + id, answer_count: 3, accepted_answer_id: id * 10, ...extra }),
  answers: [
    answer(id * 10, id, body, { is_accepted: true, score: 90 + id }),
    answer(id * 10 + 1, id, '<p>Another answer with fewer votes.</p>', { score: 4 }),
  ],
  keywords,
});

export const SAMPLES: readonly Sample[] = [
  sample(
    1,
    'TypeError: Cannot read properties of undefined (reading &#39;name&#39;)',
    'typeerror cannot read properties undefined reading',
    `<p>The object <em>before</em> the dot is <code>undefined</code>: here <code>session.user</code> was never set, so reading <code>.name</code> on it throws.</p>
<p>Check for it, or use optional chaining with a fallback:</p>
<pre><code>const name = session.user?.name ?? 'guest';
res.send(\`Hello \${name}\`);</code></pre>
<p>If the value comes from an async call, make sure you <code>await</code> it before reading from it.</p>`,
  ),
  sample(
    2,
    'SyntaxError: Unexpected token &#39;&lt;&#39;, &quot;&lt;!DOCTYPE &quot;... is not valid JSON',
    'syntaxerror unexpected token not valid json doctype',
    `<p>The text you parse is an HTML page, not JSON: a <code>&lt;!DOCTYPE html&gt;</code> error page, a login page, or the dev server's <code>index.html</code>.</p>
<ol><li>Log the raw body and the status code before parsing.</li><li>Check the URL: a wrong path often returns the site's HTML.</li><li>Only parse when <code>Content-Type</code> is <code>application/json</code>.</li></ol>
<pre><code>const response = await fetch(url);
if (!response.ok) throw new Error(\`Upstream answered \${response.status}\`);
const data = await response.json();</code></pre>`,
  ),
  sample(
    3,
    'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client',
    'err_http_headers_sent cannot set headers after they are sent client',
    `<p>You respond twice to one request. Every <code>res.send()</code>, <code>res.json()</code> or <code>res.redirect()</code> ends the response; a second one throws.</p>
<p>Usually a <code>return</code> is missing after the first response:</p>
<pre><code>if (!user) {
  return res.status(404).send('Not found');
}
res.send(user);</code></pre>
<blockquote><p>In error handlers, check <code>res.headersSent</code> and call <code>next(err)</code> when it is true.</p></blockquote>`,
  ),
  sample(
    4,
    'Error: Cannot find module &#39;pdf-report-builder&#39;',
    'cannot find module require stack module_not_found',
    `<p>Node cannot resolve the module from the folder of the file that requires it. Install it, or fix the path:</p>
<pre><code>npm install pdf-report-builder</code></pre>
<ul><li>A local file needs a relative path: <code>require('./lib/report')</code>.</li><li>Check <code>node_modules</code> exists where <code>package.json</code> is (run <code>npm install</code> after cloning).</li></ul>`,
  ),
  sample(
    5,
    'Error: connect ECONNREFUSED 127.0.0.1:5432 when connecting to PostgreSQL',
    'connect econnrefused postgres database connection refused',
    `<p>Nothing listens on that host and port: the database is not running, or listens elsewhere.</p>
<pre><code>pg_isready -h 127.0.0.1 -p 5432
sudo systemctl start postgresql</code></pre>
<p>In Docker, connect to the service name (for example <code>db</code>), not <code>127.0.0.1</code>. See also <a href="https://stackoverflow.com/questions/tagged/node-postgres">questions tagged node-postgres</a>.</p>`,
  ),
];
