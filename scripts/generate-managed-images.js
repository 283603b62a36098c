#!/usr/bin/env node
// Writes lib/image/managed-images.json and lib/image/managed-image-versions.ts from the
// SageMaker Python SDK's image_uri_config/*.json and utils.py (ALTERNATE_DOMAINS).
//
// Run: node scripts/generate-managed-images.js <sdk>/src/sagemaker --version 2.257.6 --commit <sha> [--out-dir lib/image]
//
// Only the images a processing job runs are kept, in the scope the SDK's processors ask for:
// - sklearn: SKLearnProcessor -> image_uris.retrieve('sklearn', ...) -> scope 'training' (image_uris._get_final_image_scope)
// - spark: PySparkProcessor/SparkJarProcessor -> scope 'processing' (the only scope of spark.json)
// - pytorch, tensorflow, xgboost, huggingface: FrameworkProcessor -> estimator.training_image_uri() -> scope 'training'
// Tags follow image_uris._format_tag: tag_prefix-processor-py_version[-container_version].
'use strict';
const fs = require('fs');
const path = require('path');

function usage(message) {
  console.error(`${message}\nusage: node scripts/generate-managed-images.js <sdk>/src/sagemaker --version <sdk version> --commit <sdk commit> [--out-dir <folder>]`);
  process.exit(2);
}

const args = process.argv.slice(2);
const sdkDir = args[0];
if (!sdkDir || sdkDir.startsWith('--')) usage('missing the path of the SDK source folder (src/sagemaker)');
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0 || !args[i + 1]) {
    if (fallback !== undefined) return fallback;
    usage(`missing --${name}`);
  }
  return args[i + 1];
};
const sdkVersion = flag('version');
const sdkCommit = flag('commit');
if (!/^[0-9a-f]{40}$/.test(sdkCommit)) usage(`--commit must be a 40-hex-digit commit, got ${sdkCommit}`);

const readConfig = (name) => JSON.parse(fs.readFileSync(path.join(sdkDir, 'image_uri_config', `${name}.json`), 'utf8'));

// ECR domains: sagemaker/utils.py ALTERNATE_DOMAINS (regions not listed use amazonaws.com).
const utils = fs.readFileSync(path.join(sdkDir, 'utils.py'), 'utf8');
const domainBlock = /ALTERNATE_DOMAINS\s*=\s*\{([^}]*)\}/.exec(utils);
if (!domainBlock) throw new Error('ALTERNATE_DOMAINS not found in utils.py');
const alternateDomains = Object.fromEntries([...domainBlock[1].matchAll(/"([a-z0-9-]+)":\s*"([a-z0-9.-]+)"/g)].map((m) => [m[1], m[2]]));

// Registry tables (region -> account) are shared by many versions: store each distinct table once.
const registryTables = [];
const registryIds = new Map();
function registryId(registries) {
  const sorted = Object.fromEntries(Object.entries(registries).sort(([a], [b]) => a.localeCompare(b)));
  const key = JSON.stringify(sorted);
  if (!registryIds.has(key)) {
    registryIds.set(key, `r${registryTables.length}`);
    registryTables.push(sorted);
  }
  return registryIds.get(key);
}

const join = (...parts) => parts.filter((p) => p).join('-');

/** One image family from a scope whose versions map straight to {repository, registries, py_versions?, processors?}. */
function simpleFamily(framework, scope, { processorsRequired }) {
  const config = scope ? readConfig(framework)[scope] : readConfig(framework);
  const versions = {};
  for (const [version, vc] of Object.entries(config.versions)) {
    // A version config is either one image (has `repository`) or one per py version (image_uris.retrieve:
    // `version_config.get(py_version) or version_config`).
    const perPy = vc.repository ? [[null, vc]] : Object.entries(vc);
    const variants = [];
    for (const [pyKey, pc] of perPy) {
      const processors = pc.processors ?? vc.processors ?? config.processors ?? [];
      const pyVersions = pyKey ? [pyKey] : (pc.py_versions ?? []);
      const tagPrefix = pc.tag_prefix ?? version;
      for (const processor of processors.length > 0 ? processors : [null]) {
        for (const pyVersion of pyVersions.length > 0 ? pyVersions : [null]) {
          const containerVersion = processor && pc.container_version ? pc.container_version[processor] : undefined;
          variants.push({
            processor,
            pyVersion,
            repository: pc.repository,
            tag: join(tagPrefix, processor, pyVersion, containerVersion),
            registries: registryId(pc.registries),
          });
        }
      }
    }
    versions[version] = { variants };
  }
  return { sdkFramework: framework, sdkScope: scope, processorsRequired, aliases: config.version_aliases ?? {}, versions };
}

/** Spark: tag `version-cpu`, or `version-cpu-py-v<container>` when a py version is asked (spark/processing.py _retrieve_image_uri). */
function sparkFamily() {
  const family = simpleFamily('spark', 'processing', { processorsRequired: false });
  for (const [version, v] of Object.entries(family.versions)) {
    const config = readConfig('spark').processing.versions[version];
    const base = v.variants[0];
    v.variants = [
      { processor: 'cpu', pyVersion: null, repository: base.repository, tag: join(version, 'cpu'), registries: base.registries },
      ...config.py_versions.map((py) => ({
        processor: 'cpu', pyVersion: py, repository: base.repository, tag: join(version, 'cpu', py), registries: base.registries, containerVersionRequired: true,
      })),
    ];
  }
  return family;
}

/**
 * Hugging Face: versions -> base framework (pytorchX / tensorflowY) -> config. Tag
 * `<base version>-transformers<version>-<processor>-<py>-<container>` (image_uris.retrieve); when the
 * config has no container_version the SDK passes `cu110-ubuntu18.04` for GPU (image_uris.get_training_image_uri).
 */
function huggingFaceFamily() {
  const config = readConfig('huggingface').training;
  const versions = {};
  for (const [version, vc] of Object.entries(config.versions)) {
    const variants = [];
    for (const [base, bc] of Object.entries(vc)) {
      if (base === 'version_aliases') continue;
      const [, baseName, baseVersion] = /^(pytorch|tensorflow)(.*)$/.exec(base);
      for (const processor of config.processors) {
        for (const pyVersion of bc.py_versions) {
          const containerVersion = bc.container_version ? bc.container_version[processor] : (processor === 'gpu' ? 'cu110-ubuntu18.04' : undefined);
          variants.push({
            processor,
            pyVersion,
            baseFramework: baseName,
            baseFrameworkVersion: baseVersion,
            repository: bc.repository,
            tag: join(`${baseVersion}-transformers${version}`, processor, pyVersion, containerVersion),
            registries: registryId(bc.registries),
          });
        }
      }
    }
    versions[version] = { variants, baseFrameworkAliases: vc.version_aliases ?? {} };
  }
  return { sdkFramework: 'huggingface', sdkScope: 'training', processorsRequired: true, aliases: config.version_aliases ?? {}, versions };
}

const images = {
  sklearn: simpleFamily('sklearn', 'training', { processorsRequired: false }),
  spark: sparkFamily(),
  pytorch: simpleFamily('pytorch', 'training', { processorsRequired: true }),
  tensorflow: simpleFamily('tensorflow', 'training', { processorsRequired: true }),
  xgboost: simpleFamily('xgboost', 'training', { processorsRequired: false }),
  huggingface: huggingFaceFamily(),
};

const data = {
  generatedBy: 'scripts/generate-managed-images.js',
  source: {
    repository: 'aws/sagemaker-python-sdk',
    version: sdkVersion,
    commit: sdkCommit,
    files: ['sklearn', 'spark', 'pytorch', 'tensorflow', 'xgboost', 'huggingface'].map((f) => `src/sagemaker/image_uri_config/${f}.json`)
      .concat(['src/sagemaker/utils.py (ALTERNATE_DOMAINS)', 'src/sagemaker/image_uris.py (tag format)']),
  },
  domains: { default: 'amazonaws.com', regions: alternateDomains },
  registries: Object.fromEntries(registryTables.map((t, i) => [`r${i}`, t])),
  images,
};
const outDir = flag('out-dir', path.join(__dirname, '..', 'lib', 'image'));
fs.writeFileSync(path.join(outDir, 'managed-images.json'), JSON.stringify(data, null, 1) + '\n');

// Enum-like version classes, one static member per full version the SDK lists.
const classes = [
  ['SKLearnVersion', 'sklearn', 'scikit-learn', 'ProcessingImage.sklearn'],
  ['SparkVersion', 'spark', 'Spark (sagemaker-spark-processing)', 'ProcessingImage.spark'],
  ['PyTorchVersion', 'pytorch', 'PyTorch', 'ProcessingImage.pytorch'],
  ['TensorFlowVersion', 'tensorflow', 'TensorFlow', 'ProcessingImage.tensorflow'],
  ['XGBoostVersion', 'xgboost', 'XGBoost', 'ProcessingImage.xgboost'],
  ['HuggingFaceVersion', 'huggingface', 'Hugging Face Transformers', 'ProcessingImage.huggingface'],
];
const member = (v) => `V${v.replace(/[.-]/g, '_')}`;
const lines = [
  `// Generated by scripts/generate-managed-images.js from the SageMaker Python SDK ${sdkVersion}`,
  `// (aws/sagemaker-python-sdk@${sdkCommit}). Do not edit by hand.`,
  '',
];
for (const [cls, key, label, factory] of classes) {
  lines.push('/**');
  lines.push(` * A ${label} version of the SageMaker-managed image, for \`${factory}\`.`);
  lines.push(' *');
  lines.push(' * Use a static member, or `of(...)` for a version or alias the SDK lists (e.g. `2.8` for `2.8.0`);');
  lines.push(' * an unknown version fails synth with the list of known ones.');
  lines.push(' */');
  lines.push(`export class ${cls} {`);
  for (const v of Object.keys(images[key].versions)) {
    lines.push(`  /** ${label} ${v} */`);
    lines.push(`  public static readonly ${member(v)} = new ${cls}('${v}');`);
  }
  lines.push('');
  lines.push(`  /** A ${label} version by name, e.g. \`${Object.keys(images[key].versions).slice(-1)[0]}\`. */`);
  lines.push(`  public static of(version: string): ${cls} {`);
  lines.push(`    return new ${cls}(version);`);
  lines.push('  }');
  lines.push('');
  lines.push('  /** @param version the version as the SDK names it */');
  lines.push('  private constructor(public readonly version: string) {}');
  lines.push('');
  lines.push('  /** The version as the SDK names it. */');
  lines.push('  public toString(): string {');
  lines.push('    return this.version;');
  lines.push('  }');
  lines.push('}');
  lines.push('');
}
fs.writeFileSync(path.join(outDir, 'managed-image-versions.ts'), lines.join('\n').replace(/\n+$/, '\n'));
const count = Object.values(images).reduce((n, f) => n + Object.values(f.versions).reduce((m, v) => m + v.variants.length, 0), 0);
console.log(`wrote ${count} images (${registryTables.length} registry tables) from sagemaker-python-sdk ${sdkVersion} (${sdkCommit.slice(0, 12)})`);
