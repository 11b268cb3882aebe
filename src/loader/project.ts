import type {
  Action,
  CookieChoice,
  DefaultHeaders,
  EdiTemplate,
  Fragment,
  PageObjectShape,
  RehearseConfig,
  Scenario,
  TenantProfile,
} from '../schema/index.js';

/** Where a definition came from, for messages that point back at it. */
export interface Origin {
  file: string;
  line: number;
  column: number;
}

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

export interface LoadedAction {
  name: string;
  action: Action;
  origin: Origin;
  /** The `headers:` of its action file: defaults of every request the action sends. */
  headers?: DefaultHeaders;
  /** The `cookies:` of its action file: no cookies, or a jar of its own. */
  cookies?: CookieChoice;
}

export interface LoadedFragment {
  fragment: Fragment;
  origin: Origin;
}

export interface LoadedTenant {
  profile: TenantProfile;
  origin: Origin;
}

/**
 * A validated project: every file parsed, checked against its schema and
 * cross-checked (actions, fragments, tenants and schemas referenced exist).
 * The engine only ever sees a `Project`.
 */
export interface Project {
  root: string;
  config: RehearseConfig;
  configFile: string | undefined;
  scenarios: LoadedScenario[];
  actions: ReadonlyMap<string, LoadedAction>;
  fragments: ReadonlyMap<string, LoadedFragment>;
  tenants: ReadonlyMap<string, LoadedTenant>;
  /** Data schemas by name (schemas/data/<Name>.schema.json), for `schema: Name` checks. */
  dataSchemas: ReadonlyMap<string, object>;
  /** SHA-256 of the files it was loaded from; `LoadOptions.trustedDigest` of a later load. */
  digest: string;
  /** EDI templates by name (edi/templates/<name>.yaml), for `edi.send`. */
  ediTemplates: ReadonlyMap<string, LoadedEdiTemplate>;
  /** Page objects by name (`definePage` in modules under pages/), for `ui: { page: }` steps. */
  pages?: ReadonlyMap<string, LoadedPageObject>;
}

/** A page object and where it was declared (its module, at the `definePage` call when found). */
export interface LoadedPageObject {
  page: PageObjectShape;
  origin: Origin;
}

export interface LoadedEdiTemplate {
  template: EdiTemplate;
  file: string;
}

/** The configuration used when a project has no rehearse.config.yaml. */
export const DEFAULT_CONFIG: RehearseConfig = {
  defaultEnvironment: 'sandbox',
  environments: {
    sandbox: {
      description: 'the embedded sandbox ERP, started for the run',
      embedded: 'sandbox',
      allowedHosts: ['127.0.0.1', 'localhost'],
    },
  },
};
