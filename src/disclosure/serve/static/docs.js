// The API reference, drawn from /openapi.json with no library and no request to any other host.
"use strict";

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function resolve(schema, spec) {
  if (schema && schema.$ref) return spec.components.schemas[schema.$ref.split("/").pop()];
  return schema;
}

function describe(schema, spec) {
  const resolved = resolve(schema, spec);
  if (!resolved || !resolved.properties) return JSON.stringify(resolved || {}, null, 2);
  const required = new Set(resolved.required || []);
  return Object.entries(resolved.properties).map(([name, p]) => {
    const type = p.type || (p.anyOf || []).map((a) => a.type || (a.$ref || "").split("/").pop()).join(" | ") ||
      (p.$ref || "").split("/").pop() || (p.enum ? p.enum.join(" | ") : "");
    return name + (required.has(name) ? "" : "?") + ": " + type + (p.description ? "  — " + p.description : "") +
      (p.default !== undefined ? "  (default " + JSON.stringify(p.default) + ")" : "");
  }).join("\n");
}

(async () => {
  const spec = await (await fetch("/openapi.json")).json();
  const main = document.getElementById("routes");
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const section = el("section");
      section.append(el("h2", method.toUpperCase() + " " + path));
      if (op.summary) section.append(el("p", op.summary, {class: "hint"}));
      if (op.description) section.append(el("p", op.description));
      const body = op.requestBody && op.requestBody.content["application/json"];
      if (body) { section.append(el("h3", "Request body"), el("pre", describe(body.schema, spec))); }
      const ok = op.responses && (op.responses["200"] || op.responses["201"]);
      const out = ok && ok.content && ok.content["application/json"];
      if (out && out.schema && (out.schema.$ref || out.schema.properties)) {
        section.append(el("h3", "Response"), el("pre", describe(out.schema, spec)));
      }
      main.append(section);
    }
  }
})();
