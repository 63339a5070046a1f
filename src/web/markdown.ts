import MarkdownIt from 'markdown-it';
import { SafeHtml } from './html.js';

// html: false escapes any HTML in the text; markdown-it also refuses javascript:, vbscript: and data: links.
const renderer = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Stored Markdown (the retrospective) as HTML: headings, lists, tables, emphasis; people's text never becomes HTML. */
export function markdownToHtml(markdown: string): SafeHtml {
  return new SafeHtml(renderer.render(markdown));
}
