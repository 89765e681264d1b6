import { HTTP_METHODS, type OpenApiDocument } from './openapi-document';

interface PathMethods {
  template: RegExp;
  methods: string[];
}

/**
 * The methods the document declares on each of its paths, so a request with another method on
 * a known path is told which ones exist (405 with `Allow`) instead of 404.
 */
export class DeclaredMethods {
  private readonly paths: PathMethods[];

  constructor(document: OpenApiDocument) {
    this.paths = Object.entries(document.paths).map(([path, item]) => ({
      template: new RegExp(
        `^${path
          .split(/\{[^}]+\}/)
          .map((literal) => literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('[^/]+')}/?$`,
      ),
      methods: HTTP_METHODS.filter((m) => item[m] !== undefined).map((m) => m.toUpperCase()),
    }));
  }

  /** Methods declared on the path `path` matches, or [] when no path of the document matches it. */
  on(path: string): string[] {
    const found = new Set<string>();
    for (const p of this.paths) if (p.template.test(path)) for (const m of p.methods) found.add(m);
    return [...found];
  }
}
