/**
 * Plain pages of the local git server: what a browser shows for a
 * repository, a commit and a folder. Nothing to style; enough to follow the
 * links the portal shows (the repository link, a source revision).
 */
import type { CommitInfo } from './repositories';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(
    title,
  )}</title></head>
<body style="font-family: sans-serif; max-width: 60rem; margin: 2rem auto">
<p><a href="/git/">Local world git server</a></p>
${body}
</body></html>
`;
}

export function indexPage(repositories: string[]): string {
  const items = repositories
    .map(id => `<li><a href="/git/${escape(id)}">${escape(id)}</a></li>`)
    .join('\n');
  return page(
    'Local world git server',
    `<h1>Repositories</h1>\n<ul>\n${items || '<li>None yet</li>'}\n</ul>`,
  );
}

export function repositoryPage(options: {
  id: string;
  cloneUrl: string;
  branches: { name: string; commit?: CommitInfo }[];
  files: { name: string; type: 'blob' | 'tree' }[];
  defaultBranch?: string;
}): string {
  const { id, cloneUrl, branches, files, defaultBranch } = options;
  const branchItems = branches
    .map(
      b =>
        `<li><strong>${escape(b.name)}</strong>${
          b.commit
            ? ` — <a href="/git/${escape(id)}/commit/${
                b.commit.id
              }">${b.commit.id.slice(0, 7)}</a> ${escape(
                b.commit.message.split('\n')[0],
              )}`
            : ''
        }</li>`,
    )
    .join('\n');
  const fileItems = files
    .map(
      f =>
        `<li><a href="/git/${escape(id)}/raw/${escape(
          defaultBranch ?? '',
        )}/${escape(f.name)}${f.type === 'tree' ? '/' : ''}">${escape(f.name)}${
          f.type === 'tree' ? '/' : ''
        }</a></li>`,
    )
    .join('\n');
  return page(
    id,
    `<h1>${escape(id)}</h1>
<pre>git clone ${escape(cloneUrl)}</pre>
<h2>Branches</h2>
<ul>\n${branchItems || '<li>None yet: push one</li>'}\n</ul>
${
  defaultBranch
    ? `<h2>Files on ${escape(defaultBranch)}</h2>\n<ul>\n${fileItems}\n</ul>`
    : ''
}`,
  );
}

export function commitPage(id: string, commit: CommitInfo, stat: string) {
  return page(
    `${id} ${commit.id.slice(0, 7)}`,
    `<h1><a href="/git/${escape(id)}">${escape(id)}</a> ${commit.id}</h1>
<p>${escape(commit.author)}, ${new Date(commit.time * 1000).toISOString()}</p>
<pre>${escape(commit.message)}</pre>
<pre>${escape(stat)}</pre>`,
  );
}
