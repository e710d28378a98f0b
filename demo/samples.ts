// Sample questions and answers for the demo without Stack Overflow: three per demo error, as the real
// thing shows, written for the demo and labelled `[sample]` in their titles.
import { type Sample, answer, question } from '../test/support/standin.js';

/** One error of the demo app, as it is thrown, and its three sample questions. */
interface SampleError {
  /** Name, code and message exactly as the route throws them: every word of any search soet sends is here. */
  readonly thrown: string;
  readonly questions: readonly SampleQuestion[];
}

interface SampleQuestion {
  /** Without the `[sample]` label; HTML-encoded, as the API sends titles. */
  readonly title: string;
  /** The best answer (accepted), as HTML. */
  readonly best: string;
  readonly score: number;
}

const ERRORS: readonly SampleError[] = [
  {
    thrown: "TypeError: Cannot read properties of undefined (reading 'name')",
    questions: [
      {
        title: 'TypeError: Cannot read properties of undefined (reading &#39;name&#39;)',
        score: 412,
        best: `<p>The object <em>before</em> the dot is <code>undefined</code>: here <code>session.user</code> was never set, so reading <code>.name</code> on it throws.</p>
<p>Check for it, or use optional chaining with a fallback:</p>
<pre><code>const name = session.user?.name ?? 'guest';
res.send(\`Hello \${name}\`);</code></pre>
<p>If the value comes from an async call, make sure you <code>await</code> it before reading from it.</p>`,
      },
      {
        title: 'Express: req.session.user is undefined in the next request after login',
        score: 57,
        best: `<p>The session is not being saved or sent back. Check, in order:</p>
<ol><li>the session middleware is registered <em>before</em> your routes;</li><li><code>cookie: { secure: true }</code> drops the cookie on plain <code>http://localhost</code>;</li><li>you call <code>req.session.save()</code> before redirecting when the store is asynchronous.</li></ol>`,
      },
      {
        title: 'How do I read a nested property that may be undefined without crashing?',
        score: 23,
        best: `<p>Use optional chaining, which stops at the first <code>undefined</code> or <code>null</code>, and <code>??</code> for a default:</p>
<pre><code>const city = order.customer?.address?.city ?? 'unknown';</code></pre>
<p>Prefer failing early with a clear message where the value is required.</p>`,
      },
    ],
  },
  {
    thrown: 'SyntaxError: Unexpected token \'<\', "<!DOCTYPE "... is not valid JSON',
    questions: [
      {
        title: 'SyntaxError: Unexpected token &#39;&lt;&#39;, &quot;&lt;!DOCTYPE &quot;... is not valid JSON',
        score: 388,
        best: `<p>The text you parse is an HTML page, not JSON: a <code>&lt;!DOCTYPE html&gt;</code> error page, a login page, or the dev server's <code>index.html</code>.</p>
<ol><li>Log the raw body and the status code before parsing.</li><li>Check the URL: a wrong path often returns the site's HTML.</li><li>Only parse when <code>Content-Type</code> is <code>application/json</code>.</li></ol>
<pre><code>const response = await fetch(url);
if (!response.ok) throw new Error(\`Upstream answered \${response.status}\`);
const data = await response.json();</code></pre>`,
      },
      {
        title: 'fetch() then .json() fails with Unexpected token &lt; although the API works in the browser',
        score: 61,
        best: `<p>The request from your code goes somewhere else than the one you tried by hand: a relative URL resolved against the page, a dev-server proxy that is not configured, or a missing <code>Accept</code> header that makes the upstream send HTML. Log <code>response.url</code> and <code>response.status</code>.</p>`,
      },
      {
        title: 'How can I see which response was HTML when JSON.parse throws?',
        score: 19,
        best: `<p>Read the body as text first, then parse it yourself, so the error can show what came back:</p>
<pre><code>const text = await response.text();
try {
  return JSON.parse(text);
} catch {
  throw new Error(\`Expected JSON from \${response.url}, got: \${text.slice(0, 80)}\`);
}</code></pre>`,
      },
    ],
  },
  {
    thrown: 'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client',
    questions: [
      {
        title: 'Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client',
        score: 1203,
        best: `<p>You respond twice to one request. Every <code>res.send()</code>, <code>res.json()</code> or <code>res.redirect()</code> ends the response; a second one throws.</p>
<p>Usually a <code>return</code> is missing after the first response:</p>
<pre><code>if (!user) {
  return res.status(404).send('Not found');
}
res.send(user);</code></pre>
<blockquote><p>In error handlers, check <code>res.headersSent</code> and call <code>next(err)</code> when it is true.</p></blockquote>`,
      },
      {
        title: 'ERR_HTTP_HEADERS_SENT after an await in an Express route',
        score: 74,
        best: `<p>Both a callback and the code after the <code>await</code> answer the request. Pick one style: with <code>async</code>/<code>await</code>, answer once at the end and let errors reach <code>next</code>, without callbacks that also call <code>res.send()</code>.</p>`,
      },
      {
        title: 'Cannot set headers after they are sent: when does res.headersSent become true?',
        score: 31,
        best: `<p>As soon as the status line and headers are written: on the first <code>res.write()</code>, <code>res.send()</code> or <code>res.end()</code>. From then on only the body can follow, so an error handler must hand the error to Express with <code>next(err)</code>, which closes the connection.</p>`,
      },
    ],
  },
  {
    thrown: "Error [MODULE_NOT_FOUND]: Cannot find module 'pdf-report-builder'",
    questions: [
      {
        title: 'Error: Cannot find module &#39;pdf-report-builder&#39;',
        score: 266,
        best: `<p>Node cannot resolve the module from the folder of the file that requires it. Install it, or fix the path:</p>
<pre><code>npm install pdf-report-builder</code></pre>
<ul><li>A local file needs a relative path: <code>require('./lib/report')</code>.</li><li>Check <code>node_modules</code> exists where <code>package.json</code> is (run <code>npm install</code> after cloning).</li></ul>`,
      },
      {
        title: 'Cannot find module right after npm install, although it is in package.json',
        score: 88,
        best: `<p>It was installed in another folder than the one Node runs from: a parent folder, another workspace, or a container image built before the install. Run <code>npm ls &lt;name&gt;</code> where the app starts, and reinstall there.</p>`,
      },
      {
        title: 'require() of my own file fails with MODULE_NOT_FOUND when started from another folder',
        score: 27,
        best: `<p>Relative paths in <code>require()</code> resolve from the requiring file, but paths given to <code>fs</code> resolve from the working directory. Build file paths from the module's own folder:</p>
<pre><code>const template = path.join(__dirname, 'templates', 'report.html');</code></pre>`,
      },
    ],
  },
  {
    thrown: 'Error: connect ECONNREFUSED 127.0.0.1:5432',
    questions: [
      {
        title: 'Error: connect ECONNREFUSED 127.0.0.1:5432 when connecting to PostgreSQL',
        score: 341,
        best: `<p>Nothing listens on that host and port: the database is not running, or listens elsewhere.</p>
<pre><code>pg_isready -h 127.0.0.1 -p 5432
sudo systemctl start postgresql</code></pre>
<p>In Docker, connect to the service name (for example <code>db</code>), not <code>127.0.0.1</code>. See also <a href="https://stackoverflow.com/questions/tagged/node-postgres">questions tagged node-postgres</a>.</p>`,
      },
      {
        title: 'ECONNREFUSED from a Node container, but psql on the host connects fine',
        score: 96,
        best: `<p>Inside a container, <code>127.0.0.1</code> is the container itself. Use the Compose service name as the host, and wait until the database is ready (a <code>healthcheck</code> with <code>depends_on: condition: service_healthy</code>).</p>`,
      },
      {
        title: 'PostgreSQL refuses connections on port 5432: listen_addresses and pg_hba.conf',
        score: 42,
        best: `<p>Check that the server listens where you connect: <code>listen_addresses</code> and <code>port</code> in <code>postgresql.conf</code>, then a line in <code>pg_hba.conf</code> for your address. Restart the server after changing either.</p>`,
      },
    ],
  },
];

/** The samples in the API's wire format: each question carries its error's text in its body, so every search finds it. */
export const SAMPLES: readonly Sample[] = ERRORS.flatMap(({ thrown, questions }, errorIndex) =>
  questions.map(({ title, best, score }, questionIndex): Sample => {
    const id = (errorIndex + 1) * 10 + questionIndex + 1;
    const body = `<p>My Express app fails with this error:</p><pre><code>${thrown.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</code></pre>`;
    return {
      question: question(id, `[sample] ${title}`, { score, answer_count: 2, accepted_answer_id: id * 10, body }),
      answers: [
        answer(id * 10, id, best, { is_accepted: true, score: Math.round(score * 0.8) }),
        answer(id * 10 + 1, id, '<p>Another answer, with fewer votes.</p>', { score: 3 }),
      ],
      keywords: thrown,
    };
  }),
);
