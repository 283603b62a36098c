/**
 * The least aws-cdk-lib does to write given templates (bench/floor.ts): each template of BENCH_FLOOR_TEMPLATES
 * (comma-separated paths) becomes a stack of the same name whose resources are `CfnResource`s with the logical IDs,
 * properties and resource attributes as written, and whose mappings are `CfnMapping`s, synthesized as the bench's apps
 * are (`synthChild`). What the stack's synthesizer and aws-cdk-lib add (the bootstrap version parameter and rule, the
 * CDKMetadata resource and its condition) it adds again; any other section is refused by name. What it costs is
 * what any app that writes these templates with aws-cdk-lib pays (loading aws-cdk-lib, a construct and a resolution per
 * resource, the synthesizer's parameters and rules, path metadata, validation), with nothing of how it arrived at them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnMapping, CfnResource, Stack } from 'aws-cdk-lib';
import { synthChild } from './child';

interface WrittenResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Condition?: string;
}

interface WrittenTemplate {
  readonly Resources: Record<string, WrittenResource>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly [section: string]: unknown;
}

/** The sections aws-cdk-lib writes again by itself, or that this app writes. */
const WRITTEN_AGAIN = new Set(['Resources', 'Mappings', 'Parameters', 'Rules']);
const CDK_METADATA_CONDITION = 'CDKMetadataAvailable';

const files = (process.env.BENCH_FLOOR_TEMPLATES ?? '').split(',').filter((f) => f.length > 0);
if (files.length === 0) throw new Error('BENCH_FLOOR_TEMPLATES must name the templates to write (comma-separated paths)');

synthChild((app) => {
  for (const file of files) {
    const template = JSON.parse(fs.readFileSync(file, 'utf8')) as WrittenTemplate;
    for (const [section, value] of Object.entries(template)) {
      const cdkMetadataOnly = section === 'Conditions' && Object.keys(value as object).every((id) => id === CDK_METADATA_CONDITION);
      if (!WRITTEN_AGAIN.has(section) && !cdkMetadataOnly) throw new Error(`${file}: the floor app does not write a template's ${section} section`);
    }
    const stack = new Stack(app, path.basename(file, '.template.json'));
    for (const [logicalId, mapping] of Object.entries(template.Mappings ?? {})) {
      new CfnMapping(stack, logicalId, { mapping }).overrideLogicalId(logicalId);
    }
    for (const [logicalId, written] of Object.entries(template.Resources)) {
      // aws-cdk-lib adds its own (analytics on, as in the cdk CLI's context).
      if (written.Type === 'AWS::CDK::Metadata') continue;
      const resource = new CfnResource(stack, logicalId, { type: written.Type, properties: written.Properties });
      resource.overrideLogicalId(logicalId);
      for (const attribute of ['DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition'] as const) {
        if (written[attribute] !== undefined) resource.addOverride(attribute, written[attribute]);
      }
    }
  }
});
