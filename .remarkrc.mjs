// Checks documents' front matter in VS Code (extension unifiedjs.vscode-remark) and with
// `npx remark content --quiet`, against the schema congbo generates from its own types.
// Regenerate front-matter.schema.json with `congbo schema > front-matter.schema.json`.
import remarkFrontmatter from 'remark-frontmatter';
import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema';

export default {
  plugins: [
    remarkFrontmatter,
    [
      remarkLintFrontmatterSchema,
      {
        schemas: {
          './front-matter.schema.json': ['content/directives/**/*.md', 'content/plans/**/*.md', 'content/reports/**/*.md'],
        },
      },
    ],
  ],
};
