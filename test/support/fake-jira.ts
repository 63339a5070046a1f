import { FakePartner, type PartnerReply, type PartnerRequest } from './fake-partner.js';

export const FAKE_JIRA_EMAIL = 'bot@acme.example';
export const FAKE_JIRA_TOKEN = 'jira-test-token';

export interface FakeJiraIssue {
  id: string;
  key: string;
  project: string;
  issueType: string;
  summary: string;
  /** As sent: an Atlassian Document Format doc. */
  description: any;
}

/**
 * Jira Cloud's REST v3 create issue as documented: basic auth with an account's email and API token,
 * `POST /rest/api/3/issue` answering 201 `{id, key, self}`; 400 `{errorMessages, errors}` for an
 * unknown project or issue type, a missing or too long summary, a description that is not ADF;
 * 401 for wrong credentials. 429 and 5xx are scripted with `server.failNext`, or after the write with
 * `failNextCreateAfterWrite` (the issue is made, the answer lost). `POST /rest/api/3/search/jql` answers
 * `{issues: [{id, key, self, fields: {summary}}], isLast}` for `project = "X" AND summary ~ "\"phrase\""`,
 * matching the phrase's words in order as Jira's text search does (so `INC-7-F2` finds `INC-7-F2` only).
 */
export class FakeJira extends FakePartner {
  readonly issues: FakeJiraIssue[] = [];
  readonly projects = new Set(['OPS']);
  readonly issueTypes = new Set(['Task', 'Bug', 'Story']);
  private createFailures: PartnerReply[] = [];

  /** The next create opens the issue, then answers this instead of 201. */
  failNextCreateAfterWrite(reply: PartnerReply): void {
    this.createFailures.push(reply);
  }

  protected route(r: PartnerRequest): PartnerReply {
    const expected = `Basic ${Buffer.from(`${FAKE_JIRA_EMAIL}:${FAKE_JIRA_TOKEN}`).toString('base64')}`;
    if (r.headers.authorization !== expected) {
      return { status: 401, body: { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} } };
    }
    if (r.path === '/rest/api/3/search/jql' && r.method === 'POST') return this.search(r.body ?? {});
    if (r.path !== '/rest/api/3/issue' || r.method !== 'POST') return { status: 404, body: { errorMessages: ['Not found'], errors: {} } };
    const fields = r.body?.fields ?? {};
    const errors: Record<string, string> = {};
    if (!this.projects.has(fields.project?.key)) errors.project = 'Specify a valid project ID or key';
    if (!this.issueTypes.has(fields.issuetype?.name)) errors.issuetype = 'Specify a valid issue type';
    if (typeof fields.summary !== 'string' || fields.summary.trim() === '') errors.summary = 'You must specify a summary of the issue.';
    else if (fields.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    else if (/[\r\n]/.test(fields.summary)) errors.summary = 'Field cannot contain newlines';
    if (fields.description !== undefined && !isAdfDoc(fields.description)) errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
    if (Object.keys(errors).length > 0) return { status: 400, body: { errorMessages: [], errors } };
    const id = String(10_000 + this.issues.length + 1);
    const key = `${fields.project.key}-${this.issues.filter((i) => i.project === fields.project.key).length + 1}`;
    this.issues.push({ id, key, project: fields.project.key, issueType: fields.issuetype.name, summary: fields.summary, description: fields.description });
    return this.createFailures.shift() ?? { status: 201, body: { id, key, self: `${this.url}/rest/api/3/issue/${id}` } };
  }

  /** Only the JQL Sitrep sends: a project, a quoted phrase in the summary, newest first. */
  private search(body: { jql?: string; maxResults?: number }): PartnerReply {
    const match = /^project = "([^"]+)" AND summary ~ "\\"([^"\\]+)\\"" ORDER BY created DESC$/.exec(body.jql ?? '');
    if (!match) return { status: 400, body: { errorMessages: [`Error in the JQL Query: ${body.jql ?? ''}`], errors: {} } };
    const [, project, phrase] = match;
    const words = (text: string) => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
    const wanted = words(phrase!).join(' ');
    const found = this.issues
      .filter((i) => i.project === project && ` ${words(i.summary).join(' ')} `.includes(` ${wanted} `))
      .reverse()
      .slice(0, body.maxResults ?? 50);
    return { status: 200, body: { issues: found.map((i) => ({ id: i.id, key: i.key, self: `${this.url}/rest/api/3/issue/${i.id}`, fields: { summary: i.summary } })), isLast: true } };
  }
}

/** The ADF Jira takes in a description: a version 1 doc of paragraphs of non-empty text nodes; links as marks with an href. */
function isAdfDoc(doc: any): boolean {
  if (doc?.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) return false;
  return doc.content.every(
    (block: any) =>
      block?.type === 'paragraph' &&
      Array.isArray(block.content) &&
      block.content.every(
        (inline: any) =>
          inline?.type === 'text' &&
          typeof inline.text === 'string' &&
          inline.text !== '' &&
          (inline.marks ?? []).every((m: any) => m?.type === 'link' && typeof m.attrs?.href === 'string'),
      ),
  );
}
