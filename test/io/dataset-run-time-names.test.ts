import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingImage, ProcessingInput, SageMakerCreateProcessingJob } from '../../lib';
import { IMAGE_URI, jsonPathTask, newStack, renderedRequest } from '../task/helpers';

/** Every resource of the job role's statements, as resolved text. */
function jobRoleResources(stack: any): string[] {
  const policies = Object.entries<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter(([id]) => id.startsWith('JobJobRole'));
  return policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement).flatMap((s: any) => [].concat(s.Resource)).map((r) => JSON.stringify(r));
}

/**
 * Athena and Redshift names that scope the job role's grants, given as JSONPath or JSONata values:
 * the request sends them for the state to evaluate; the role gets no statement on their text
 * (`…:database/$.db` or `…:workgroup/{% … %}` names no resource).
 */
describe('dataset inputs with names known only at run time', () => {
  test('Athena, JSONPath database and workgroup: sent as paths, no grant on their text; the query result location is still granted', () => {
    const { stack, task } = jsonPathTask({
      processingInputs: [ProcessingInput.fromAthena('clicks', {
        database: sfn.JsonPath.stringAt('$.db'), workGroup: sfn.JsonPath.stringAt('$.wg'), queryString: 'SELECT 1', outputS3Uri: 's3://athena-out/clicks/',
      })],
    });
    const athena = renderedRequest(stack, task).ProcessingInputs[0].DatasetDefinition.AthenaDatasetDefinition;
    expect(athena).toEqual(expect.objectContaining({ 'Database.$': '$.db', 'WorkGroup.$': '$.wg' }));
    const resources = jobRoleResources(stack);
    expect(resources.filter((r) => r.includes('$.'))).toEqual([]);
    expect(resources.filter((r) => /:(athena|glue):/.test(r))).toEqual([]);
    expect(resources).toContainEqual(expect.stringContaining('athena-out/clicks/*'));
  });

  test('Athena, fixed workgroup and JSONata database: the workgroup is granted, the database is not', () => {
    const stack = newStack();
    SageMakerCreateProcessingJob.jsonata(stack, 'Job', {
      image: ProcessingImage.fromRegistry(IMAGE_URI),
      processingInputs: [ProcessingInput.fromAthena('clicks', { database: '{% $states.input.db %}', workGroup: 'analytics', queryString: 'SELECT 1', outputS3Uri: 's3://athena-out/clicks/' })],
    });
    const resources = jobRoleResources(stack);
    expect(resources.filter((r) => r.includes('{%'))).toEqual([]);
    expect(resources).toContainEqual(expect.stringContaining(':workgroup/analytics'));
    expect(resources.filter((r) => r.includes(':glue:'))).toEqual([]);
  });

  test('Redshift, JSONPath database: no GetClusterCredentials on its text; ExecuteStatement on the fixed cluster', () => {
    const stack = newStack();
    const clusterRole = new iam.Role(stack, 'ClusterRole', { assumedBy: new iam.ServicePrincipal('redshift.amazonaws.com') });
    jsonPathTask({
      processingInputs: [ProcessingInput.fromRedshift('orders', {
        clusterId: 'dwh', database: sfn.JsonPath.stringAt('$.db'), dbUser: 'etl', queryString: 'SELECT 1', clusterRole, outputS3Uri: 's3://rs-out/orders/',
      })],
    }, stack);
    const resources = jobRoleResources(stack);
    expect(resources.filter((r) => r.includes('$.'))).toEqual([]);
    expect(resources.filter((r) => r.includes(':dbuser:') || r.includes(':dbname:'))).toEqual([]);
    expect(resources).toContainEqual(expect.stringContaining(':cluster:dwh'));
  });
});
