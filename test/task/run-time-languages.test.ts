import { Duration, Size, Stack, Token } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessingImage, ProcessingInput, ProcessingOutput, SageMakerCreateProcessingJob, SageMakerCreateProcessingJobJsonataProps } from '../../lib';
import { IMAGE_URI, jsonPathTask, newStack, renderedRequest } from './helpers';

const P = 'TestStack/Job';
const JSONPATH_HINT = 'use sfn.JsonPath.stringAt(...) (or SageMakerCreateProcessingJob.jsonata for JSONata)';
const JSONATA_HINT = 'use a JSONata expression {% ... %} instead';
const jsonataTask = (props: Partial<SageMakerCreateProcessingJobJsonataProps>) =>
  SageMakerCreateProcessingJob.jsonata(newStack(), 'Job', { image: ProcessingImage.fromRegistry(IMAGE_URI), ...props });
const athena = (queryString: string) => ProcessingInput.fromAthena('query', {
  catalog: 'AwsDataCatalog', database: 'sales', queryString, outputS3Uri: 's3://athena-results/q/', outputFormat: 'PARQUET',
} as never);

/** A value of the other language in a field the prop checks did not cover: SageMaker would get the expression's text. */
describe('a run-time value of the other query language is refused in every request field', () => {
  test.each<[string, () => unknown, string]>([
    ['JSONata job name in a JSONPath state', () => jsonPathTask({ jobName: '{% $states.input.name %}' }),
      `${P}: ProcessingJobName is the JSONata value {% $states.input.name %}, but the state evaluates JSONPath, not JSONata: it would be sent to SageMaker as that text; ${JSONPATH_HINT} (ProcessingJobName)`],
    ['JSONPath job name in a JSONata state', () => jsonataTask({ jobName: sfn.JsonPath.stringAt('$.name') }),
      `${P}: ProcessingJobName is the JSONPath value $.name, but the state evaluates JSONata, not JSONPath: it would be sent to SageMaker as that text; ${JSONATA_HINT} (ProcessingJobName)`],
    ['JSONata max runtime in a JSONPath state', () => jsonPathTask({ maxRuntime: Duration.seconds(Token.asNumber('{% $states.input.seconds %}')) }),
      `${P}: StoppingCondition.MaxRuntimeInSeconds is the JSONata value {% $states.input.seconds %}, but the state evaluates JSONPath, not JSONata: it would be sent to SageMaker as that text; ${JSONPATH_HINT} (StoppingCondition.MaxRuntimeInSeconds)`],
    ['JSONPath volume size in a JSONata state', () => jsonataTask({ volumeSize: Size.gibibytes(sfn.JsonPath.numberAt('$.gb')) }),
      `${P}: ProcessingResources.ClusterConfig.VolumeSizeInGB is the JSONPath value $.gb, but the state evaluates JSONata, not JSONPath: it would be sent to SageMaker as that text; ${JSONATA_HINT} (ProcessingResources.ClusterConfig.VolumeSizeInGB)`],
    ['JSONPath tag value in a JSONata state', () => jsonataTask({ tags: { team: sfn.JsonPath.stringAt('$.team') } }),
      `${P}: Tags[0].Value is the JSONPath value $.team, but the state evaluates JSONata, not JSONPath: it would be sent to SageMaker as that text; ${JSONATA_HINT} (Tags[0].Value)`],
    ['JSONata experiment name in a JSONPath state', () => jsonPathTask({ experimentConfig: { experimentName: '{% $states.input.experiment %}' } }),
      `${P}: ExperimentConfig.ExperimentName is the JSONata value {% $states.input.experiment %}, but the state evaluates JSONPath, not JSONata: it would be sent to SageMaker as that text; ${JSONPATH_HINT} (ExperimentConfig.ExperimentName)`],
    ['JSONata Athena query in a JSONPath state', () => jsonPathTask({ processingInputs: [athena('{% $states.input.sql %}')] }),
      `${P}: ProcessingInputs[0].DatasetDefinition.AthenaDatasetDefinition.QueryString is the JSONata value {% $states.input.sql %}, but the state evaluates JSONPath, not JSONata: ` +
      `it would be sent to SageMaker as that text; ${JSONPATH_HINT} (ProcessingInputs[0].DatasetDefinition.AthenaDatasetDefinition.QueryString)`],
    ['JSONata feature group in a JSONPath state', () => jsonPathTask({ processingOutputs: [ProcessingOutput.toFeatureGroup('features', '{% $states.input.group %}')] }),
      `${P}: ProcessingOutputConfig.Outputs[0].FeatureStoreOutput.FeatureGroupName is the JSONata value {% $states.input.group %}, but the state evaluates JSONPath, not JSONata: ` +
      `it would be sent to SageMaker as that text; ${JSONPATH_HINT} (ProcessingOutputConfig.Outputs[0].FeatureStoreOutput.FeatureGroupName)`],
    ['JSONata instance count (Token.asNumber) in a JSONPath state', () => jsonPathTask({ instanceCount: Token.asNumber('{% $states.input.count %}') }),
      `${P}: instanceCount is the JSONata value {% $states.input.count %}, but the state evaluates JSONPath, not JSONata: it would reach the container as that text; ${JSONPATH_HINT} (ProcessingResources.ClusterConfig.InstanceCount)`],
    ['a JSONPath intrinsic (States.Format) in a JSONata state', () => jsonataTask({ arguments: [sfn.JsonPath.format('--date={}', sfn.JsonPath.stringAt('$.date'))] }),
      `${P}: arguments[0] is the JSONPath value States.Format('--date={}', $.date), but the state evaluates JSONata, not JSONPath: it would reach the container as that text; ${JSONATA_HINT} (AppSpecification.ContainerArguments)`],
    ['a JSONPath environment variable name', () => jsonPathTask({ environment: { [sfn.JsonPath.stringAt('$.name')]: 'x' } }),
      `${P}: environment variable name $.name is a JSONPath value, but Step Functions evaluates values, never object keys: the variable would be named with that text; give the name at synth (Environment)`],
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test('values of the state\'s own language in the same fields are rendered for the state to evaluate', () => {
    const stack = newStack();
    const { task } = jsonPathTask({
      jobName: sfn.JsonPath.stringAt('$.name'), maxRuntime: Duration.seconds(sfn.JsonPath.numberAt('$.seconds')), tags: { team: sfn.JsonPath.stringAt('$.team') },
      processingInputs: [athena(sfn.JsonPath.stringAt('$.sql'))],
    }, stack);
    const request = renderedRequest(stack, task);
    expect(request['ProcessingJobName.$']).toBe('$.name');
    expect(request.StoppingCondition).toEqual({ 'MaxRuntimeInSeconds.$': '$.seconds' });
    expect(request.Tags).toEqual([{ 'Key': 'team', 'Value.$': '$.team' }]);
    expect(request.ProcessingInputs[0].DatasetDefinition.AthenaDatasetDefinition['QueryString.$']).toBe('$.sql');
    const jsonata = jsonataTask({ maxRuntime: Duration.seconds(Token.asNumber('{% $states.input.seconds %}')), tags: { team: '{% $states.input.team %}' } });
    const arguments_ = renderedRequest(Stack.of(jsonata), jsonata);
    expect(arguments_.StoppingCondition).toEqual({ MaxRuntimeInSeconds: '{% $states.input.seconds %}' });
    expect(arguments_.Tags).toEqual([{ Key: 'team', Value: '{% $states.input.team %}' }]);
  });
});
