// The form both "new ballot" and "new survey" pages show: a YAML definition pasted or read from a file
// (assets/console.js fills the text area from the chosen file), with the problems of the last try above it.
import { html } from "hono/html";
import type { ConsoleRequest } from "../console-request.ts";
import { csrfField, type Html } from "../layout.ts";

export interface YamlUploadForm {
  /** where the form posts, e.g. /console/ballots/new */
  action: string;
  /** prefix of the field ids, unique on the page */
  idPrefix: string;
  introKey: string;
  fileKey: string;
  yamlKey: string;
}

export function yamlUploadForm(req: ConsoleRequest, spec: YamlUploadForm, yaml: string, problems: string[] = []): Html {
  const { t } = req;
  const fileId = `${spec.idPrefix}-file`;
  const yamlId = `${spec.idPrefix}-yaml`;
  return html`${
      problems.length > 0
        ? html`<div role="alert">
            <h2>${t("web.ballotNew.problems", { count: problems.length })}</h2>
            <ul class="problems">
              ${problems.map((p) => html`<li>${p}</li>`)}
            </ul>
          </div>`
        : ""
    }
    <form method="post" action="${spec.action}">
      ${csrfField(req.view)}
      <p>${t(spec.introKey)}</p>
      <p>
        <label for="${fileId}">${t(spec.fileKey)}</label>
        <input id="${fileId}" type="file" accept=".yaml,.yml,.json,text/yaml" data-fills="${yamlId}" />
      </p>
      <p>
        <label for="${yamlId}">${t(spec.yamlKey)}</label>
        <textarea id="${yamlId}" name="yaml" required spellcheck="false">${yaml}</textarea>
      </p>
      <button type="submit">${t("web.ballotNew.check")}</button>
    </form>`;
}
