// The built-in table of what each plugin ABC of floe-core 0.1.0 requires: its abstract members with
// their signatures, the module each annotation name is imported from, and what each member must
// do. Used to write stubs when no floe-core source can be read (the engine reads the signatures
// from floe-core's source when it can: python/signatures.ts).
import type { MemberSignature, NeededName } from './python/signatures';
import { METADATA_ABC } from './pluginTypes';

interface AbcSpec {
  /** Where annotation names come from (besides `Any`, `Path`, `UUID`). */
  names?: Record<string, string>;
  /** Names floe-core imports for type checkers only. */
  typeOnly?: string[];
  /** `[signature, what it must do]`; a signature is `[@property ][async ]name(params) -> returns`. */
  members: Array<[string, string]>;
}

const COMMON_NAMES: Record<string, string> = { Any: 'typing', Path: 'pathlib', UUID: 'uuid' };

const TABLE: Record<string, AbcSpec> = {
  [METADATA_ABC.name]: {
    members: [
      ['@property name() -> str', 'The name the platform knows the plugin by; keep it equal to the entry-point name.'],
      ['@property version() -> str', "The plugin's own version, as X.Y.Z."],
      ['@property floe_api_version() -> str', 'The floe plugin API version the plugin is written against, as X.Y.'],
    ],
  },
  ComputePlugin: {
    names: { ComputeConfig: 'floe_core.compute_config', ConnectionResult: 'floe_core.compute_config', ResourceSpec: 'floe_core.compute_config' },
    members: [
      ['@property is_self_hosted() -> bool', 'True when the platform runs this engine itself, False when it connects to one run elsewhere.'],
      [
        'generate_dbt_profile(config: ComputeConfig) -> dict[str, Any]',
        'Build the dbt profile target (the profiles.yml output) that points dbt at this engine.',
      ],
      ['get_required_dbt_packages() -> list[str]', 'List the Python packages dbt needs to use this engine (its dbt adapter first).'],
      ['validate_connection(config: ComputeConfig) -> ConnectionResult', 'Connect with this config and report whether it worked, and why not.'],
      ['get_resource_requirements(workload_size: str) -> ResourceSpec', 'Give the CPU and memory a job of this workload size needs.'],
    ],
  },
  OrchestratorPlugin: {
    names: {
      TransformConfig: 'floe_core.plugins.orchestrator',
      ValidationResult: 'floe_core.plugins.orchestrator',
      ResourceSpec: 'floe_core.plugins.orchestrator',
      LineageDataset: 'floe_core.lineage',
      RunState: 'floe_core.lineage',
    },
    members: [
      [
        'create_definitions(artifacts: dict[str, Any]) -> Any',
        "Turn the compiled artifacts into the orchestrator's own definitions (jobs, assets, schedules).",
      ],
      [
        'create_assets_from_transforms(transforms: list[TransformConfig]) -> list[Any]',
        'Make one orchestrator asset per dbt transform, keeping their dependencies.',
      ],
      ['get_helm_values() -> dict[str, Any]', "Give the Helm values that deploy the orchestrator's services."],
      ['validate_connection() -> ValidationResult', 'Check that the orchestrator can be reached and say what is wrong when not.'],
      ['get_resource_requirements(workload_size: str) -> ResourceSpec', 'Give the CPU and memory a job of this workload size needs.'],
      [
        'emit_lineage_event(event_type: RunState, job_name: str, job_namespace: str | None = None, run_id: UUID | None = None, inputs: list[LineageDataset] | None = None, outputs: list[LineageDataset] | None = None, run_facets: dict[str, Any] | None = None, job_facets: dict[str, Any] | None = None, producer: str | None = None) -> UUID',
        "Send an OpenLineage event for a job's run to the lineage backend; return the run id.",
      ],
      ['schedule_job(job_name: str, cron: str, timezone: str) -> None', 'Run a job on a cron schedule in the given time zone.'],
      [
        'generate_entry_point_code(product_name: str, output_dir: str, *, lineage_enabled: bool = False, iceberg_enabled: bool = False) -> str',
        "Write the orchestrator's entry-point module for a data product into output_dir; return its path.",
      ],
    ],
  },
  CatalogPlugin: {
    names: { Catalog: 'floe_core.plugins.catalog' },
    members: [
      ['connect(config: dict[str, Any]) -> Catalog', 'Connect to the catalog and return a PyIceberg-compatible catalog object.'],
      ['create_namespace(namespace: str, properties: dict[str, str] | None = None) -> None', 'Create a namespace, with optional properties.'],
      [
        'vend_credentials(table_path: str, operations: list[str]) -> dict[str, Any]',
        'Issue short-lived storage credentials for one table, limited to these operations.',
      ],
      ['list_namespaces(parent: str | None = None) -> list[str]', 'List the namespaces, or those under a parent.'],
      ['delete_namespace(namespace: str) -> None', 'Delete an empty namespace.'],
      [
        'create_table(identifier: str, schema: dict[str, Any], location: str | None = None, properties: dict[str, str] | None = None) -> None',
        'Create an Iceberg table with this schema.',
      ],
      ['list_tables(namespace: str) -> list[str]', 'List the tables of a namespace.'],
      ['drop_table(identifier: str, purge: bool = False) -> None', 'Drop a table; with purge, delete its data files too.'],
    ],
  },
  StoragePlugin: {
    names: { FileIO: 'floe_core.plugins.storage' },
    members: [
      ['get_pyiceberg_fileio() -> FileIO', 'Return the PyIceberg FileIO that reads and writes this storage.'],
      ['get_warehouse_uri(namespace: str) -> str', 'Give the warehouse location of a namespace (e.g. s3://bucket/namespace).'],
      ['get_dbt_profile_config() -> dict[str, Any]', 'Give the settings dbt needs to reach this storage.'],
      ['get_dagster_io_manager_config() -> dict[str, Any]', "Give the settings of the orchestrator's IO manager for this storage."],
      ['get_helm_values_override() -> dict[str, Any]', 'Give the Helm values this storage adds to the deployment.'],
    ],
  },
  TelemetryBackendPlugin: {
    members: [
      ['get_otlp_exporter_config() -> dict[str, Any]', "Give the OpenTelemetry collector's exporter settings for this backend."],
      ['get_helm_values() -> dict[str, Any]', "Give the Helm values that deploy this backend's services."],
      ['validate_connection() -> bool', 'Say whether the backend can be reached.'],
    ],
  },
  LineageBackendPlugin: {
    members: [
      ['get_transport_config() -> dict[str, Any]', 'Give the OpenLineage transport settings (how events reach this backend).'],
      ['get_namespace_strategy() -> dict[str, Any]', 'Say how lineage namespaces are named for this backend.'],
      ['get_helm_values() -> dict[str, Any]', "Give the Helm values that deploy this backend's services."],
      ['validate_connection() -> bool', 'Say whether the backend can be reached.'],
    ],
  },
  DBTPlugin: {
    names: { DBTRunResult: 'floe_core.plugins.dbt', LintResult: 'floe_core.plugins.dbt' },
    members: [
      ['compile_project(project_dir: Path, profiles_dir: Path, target: str) -> Path', 'Compile the dbt project; return the path of the manifest it wrote.'],
      [
        'run_models(project_dir: Path, profiles_dir: Path, target: str, select: str | None = None, exclude: str | None = None, full_refresh: bool = False) -> DBTRunResult',
        'Run the selected dbt models and report the outcome.',
      ],
      [
        'test_models(project_dir: Path, profiles_dir: Path, target: str, select: str | None = None) -> DBTRunResult',
        'Run the dbt tests of the selected models and report the outcome.',
      ],
      [
        'lint_project(project_dir: Path, profiles_dir: Path, target: str, fix: bool = False) -> LintResult',
        "Lint the project's SQL; with fix, correct what can be corrected.",
      ],
      ['get_manifest(project_dir: Path) -> dict[str, Any]', "Read the project's compiled manifest.json."],
      ['get_run_results(project_dir: Path) -> dict[str, Any]', "Read the last run's run_results.json."],
      ['supports_parallel_execution() -> bool', 'Say whether several runs may happen at once.'],
      ['supports_sql_linting() -> bool', 'Say whether lint_project does anything.'],
      ['get_runtime_metadata() -> dict[str, Any]', 'Describe the dbt runtime (versions, adapter) for logs and lineage.'],
    ],
  },
  SemanticLayerPlugin: {
    names: { ComputePlugin: 'floe_core.plugins.compute' },
    typeOnly: ['ComputePlugin'],
    members: [
      [
        'sync_from_dbt_manifest(manifest_path: Path, output_dir: Path) -> list[Path]',
        "Generate the semantic layer's model files from a dbt manifest; return the files written.",
      ],
      ['get_security_context(namespace: str, roles: list[str]) -> dict[str, Any]', 'Give the row-level security context for a namespace and these roles.'],
      [
        'get_datasource_config(compute_plugin: ComputePlugin) -> dict[str, Any]',
        'Give the settings the semantic layer needs to query through this compute plugin.',
      ],
      ['get_api_endpoints() -> dict[str, str]', 'Name the APIs the semantic layer serves, with their URLs.'],
      ['get_helm_values_override() -> dict[str, Any]', 'Give the Helm values this semantic layer adds to the deployment.'],
    ],
  },
  IngestionPlugin: {
    names: { IngestionConfig: 'floe_core.plugins.ingestion', IngestionResult: 'floe_core.plugins.ingestion' },
    members: [
      ['@property is_external() -> bool', 'True when the ingestion runs outside the platform (a hosted service), False when the platform runs it.'],
      ['create_pipeline(config: IngestionConfig) -> Any', 'Build an ingestion pipeline from this source and destination config.'],
      ['run(pipeline: Any, **kwargs: Any) -> IngestionResult', 'Run a pipeline made by create_pipeline and report what it loaded.'],
      [
        'get_destination_config(catalog_config: dict[str, Any]) -> dict[str, Any]',
        'Give the destination settings that make the pipeline write to the Iceberg catalog.',
      ],
    ],
  },
  SecretsPlugin: {
    members: [
      ['get_secret(key: str) -> str | None', 'Return the secret stored under this key, or None when there is none.'],
      ['set_secret(key: str, value: str, metadata: dict[str, Any] | None = None) -> None', 'Store a secret under this key, with optional metadata.'],
      ['list_secrets(prefix: str = "") -> list[str]', 'List the keys of the stored secrets, or those starting with prefix.'],
    ],
  },
  IdentityPlugin: {
    names: { UserInfo: 'floe_core.plugins.identity', TokenValidationResult: 'floe_core.plugins.identity' },
    members: [
      ['authenticate(credentials: dict[str, Any]) -> str | None', 'Check these credentials; return an access token, or None when they are refused.'],
      ['get_user_info(token: str) -> UserInfo | None', "Return the token's user, or None when the token is not valid."],
      ['validate_token(token: str) -> TokenValidationResult', 'Say whether a token is valid, and for whom.'],
    ],
  },
  QualityPlugin: {
    names: {
      QualitySuite: 'floe_core.schemas.quality_score',
      QualitySuiteResult: 'floe_core.schemas.quality_score',
      QualityCheckResult: 'floe_core.schemas.quality_score',
    },
    members: [
      [
        'run_checks(suite_name: str, data_source: str, options: dict[str, Any] | None = None) -> QualitySuiteResult',
        'Run the named suite of checks against a data source and report the results.',
      ],
      [
        'run_suite(suite: QualitySuite, connection_config: dict[str, Any]) -> QualitySuiteResult',
        'Run this suite of checks with this connection and report the results.',
      ],
      [
        'validate_expectations(data_source: str, expectations: list[dict[str, Any]]) -> list[QualityCheckResult]',
        'Check these expectations against a data source, one result each.',
      ],
      ['list_suites() -> list[str]', 'List the names of the suites this provider knows.'],
      ['supports_dialect(dialect: str) -> bool', 'Say whether checks can run on this SQL dialect.'],
    ],
  },
  RBACPlugin: {
    names: {
      ServiceAccountConfig: 'floe_core.schemas.rbac',
      RoleConfig: 'floe_core.schemas.rbac',
      RoleBindingConfig: 'floe_core.schemas.rbac',
      NamespaceConfig: 'floe_core.schemas.rbac',
    },
    typeOnly: ['ServiceAccountConfig', 'RoleConfig', 'RoleBindingConfig', 'NamespaceConfig'],
    members: [
      ['generate_service_account(config: ServiceAccountConfig) -> dict[str, Any]', 'Render a Kubernetes ServiceAccount manifest from this config.'],
      ['generate_role(config: RoleConfig) -> dict[str, Any]', 'Render a Kubernetes Role manifest from this config.'],
      ['generate_role_binding(config: RoleBindingConfig) -> dict[str, Any]', 'Render a Kubernetes RoleBinding manifest from this config.'],
      ['generate_namespace(config: NamespaceConfig) -> dict[str, Any]', 'Render a Kubernetes Namespace manifest from this config.'],
    ],
  },
  AlertChannelPlugin: {
    names: { ContractViolationEvent: 'floe_core.contracts.monitoring.violations' },
    members: [
      ['async send_alert(event: ContractViolationEvent) -> bool', 'Deliver an alert about this contract violation; return whether it was delivered.'],
      ['validate_config() -> list[str]', "Check the channel's settings; return the problems found (none: an empty list)."],
    ],
  },
  NetworkSecurityPlugin: {
    names: { NetworkPolicyConfig: 'floe_core.network.schemas' },
    typeOnly: ['NetworkPolicyConfig'],
    members: [
      ['generate_network_policy(config: NetworkPolicyConfig) -> dict[str, Any]', 'Render a Kubernetes NetworkPolicy manifest from this config.'],
      ['generate_default_deny_policies(namespace: str) -> list[dict[str, Any]]', 'Render the policies that deny all traffic in a namespace by default.'],
      ['generate_dns_egress_rule() -> dict[str, Any]', 'Render the egress rule that lets pods reach the cluster DNS.'],
      ['generate_pod_security_context(config: Any) -> dict[str, Any]', 'Render the pod securityContext for this config.'],
      ['generate_container_security_context(config: Any) -> dict[str, Any]', 'Render the container securityContext for this config.'],
      [
        'generate_writable_volumes(paths: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]',
        'Render the volumes and mounts that make these paths writable in a read-only container.',
      ],
    ],
  },
};

/** Split at top-level commas (outside brackets and quotes). */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0,
    quote = '',
    cur = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
      cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const SIGNATURE = /^(@property\s+)?(async\s+)?([A-Za-z_]\w*)\((.*)\)\s*(?:->\s*(.+))?$/;
const BUILTINS = new Set(['None', 'True', 'False', 'str', 'int', 'float', 'bool', 'bytes', 'list', 'dict', 'tuple', 'set', 'type', 'object']);

function parseMember(abc: string, spec: AbcSpec, [sig, doc]: [string, string]): MemberSignature {
  const m = SIGNATURE.exec(sig);
  if (!m) throw new Error(`bad signature in the built-in table: ${sig}`);
  const params = splitTopLevel(m[4]);
  const returns = m[5]?.trim();
  const used = new Set<string>();
  for (const text of [...params, returns ?? '']) {
    for (const w of text.replace(/"[^"]*"|'[^']*'/g, '').matchAll(/(?<![.\w])([A-Za-z_]\w*)/g)) used.add(w[1]);
  }
  const needs: NeededName[] = [];
  for (const n of [...used].sort()) {
    if (BUILTINS.has(n)) continue;
    const module = spec.names?.[n] ?? COMMON_NAMES[n];
    if (!module) continue;
    needs.push({ local: n, module, name: n, typeOnly: spec.typeOnly?.includes(n) ?? false });
  }
  // Parameter names come back as words too: only annotation names have a module, so they drop out above.
  return {
    name: m[3],
    kind: m[1] ? 'property' : 'method',
    async: !!m[2],
    params: m[1] ? [] : params,
    ...(returns ? { returns } : {}),
    doc,
    needs,
    owner: abc,
  };
}

const parsed = new Map<string, MemberSignature[]>();

/** The abstract members of a plugin ABC (PluginMetadata's own not included), as floe-core 0.1.0 declares them. */
export function builtinAbstractMembers(abc: string): MemberSignature[] | undefined {
  const spec = TABLE[abc];
  if (!spec) return undefined;
  let out = parsed.get(abc);
  if (!out) parsed.set(abc, (out = spec.members.map((x) => parseMember(abc, spec, x))));
  return out;
}

/** The ABC names the table describes. */
export function builtinAbcNames(): string[] {
  return Object.keys(TABLE);
}
