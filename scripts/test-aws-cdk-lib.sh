#!/usr/bin/env bash
# Runs the library's type check and test suite against another aws-cdk-lib (.ci/run: the peer
# minimum) and the lowest constructs that aws-cdk-lib takes, in a scratch copy of the checkout
# whose node_modules are hard links of this one's, with only aws-cdk-lib and constructs swapped
# (the package bundles its own dependencies).
#   scripts/test-aws-cdk-lib.sh 2.224.0
# At the peer minimum, the library's constructs peer range must start where that aws-cdk-lib's
# does (the widest range, which the suite then proves): a narrower one makes npm refuse to install
# the library into an app whose aws-cdk-lib holds an older constructs (ERESOLVE).
# Left out, because they use what only a newer aws-cdk-lib has and the library does not need:
# the example app and the docs snippets that acknowledge cdk-nag 3 findings with `Validations`
# (and the tests that synthesize the example app: test/cli/local, test/iam/catalogue.test.ts; and
# test/iam/processing-nag.test.ts, which runs cdk-nag 3 on the library's own acknowledgements: with
# aws-cdk-lib 2.224 the library records none, lib/iam/nag-acknowledgements.ts)
# (aws-cdk-lib core), and the cdk-nag 3 runs themselves (the job roles' "finds nothing on it" checks among them); the check that CDK's Provider framework
# functions run Node.js 24 (older aws-cdk-lib gives them an older runtime); and the capacity test's
# check of aws-cdk-lib's CloudFormation validation report (test/job/standalone-capacity.test.ts:
# 2.224 writes no validation-report.json; its size and resource checks still run), and its
# comparison of a job's bytes with the hand-written job's, whose size depends on aws-cdk-lib's version
# (6,361 bytes with 2.224, 6,970 with 2.276; the 6.6 KB bound still runs).
# Also the update gate's run over the example app (it acknowledges cdk-nag 3 findings with `Validations`), the warning
# for a deploy-time run's value read through a weak cross-stack reference (`Fn::GetStackOutput`: 2.224 has no weak
# references and writes an export, which the suite checks as an error elsewhere), and the deployability gate's checks
# of deploy-time numbers (they read the validation-report.json that 2.224 does not write; their rendering checks run
# in the other tests of test/job/typed-tokens.test.ts and test/schedule/typed-input.test.ts).
# And the check that the suite's test files share aws-cdk-lib's validation engine (test/util/shared-validator.test.ts): 2.224 has none.
# Likewise the bench's check of a validation-on synth's validator time (test/bench/floor.test.ts).
set -euo pipefail
version=$1
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
git ls-files -z --cached --others --exclude-standard | xargs -0 tar cf - | tar xf - -C "$work"
cp -al node_modules "$work/node_modules"
rm -rf "$work/node_modules/aws-cdk-lib" && mkdir "$work/node_modules/aws-cdk-lib"
(cd "$work" && npm pack "aws-cdk-lib@$version" --silent >/dev/null)
tar xzf "$work/aws-cdk-lib-$version.tgz" -C "$work/node_modules/aws-cdk-lib" --strip-components=1
constructs=$(node -p "require('$work/node_modules/aws-cdk-lib/package.json').peerDependencies.constructs.replace(/^\\^/, '')")
ours=$(node -p "require('./package.json').peerDependencies.constructs")
if [ "$version" = "$(node -p "require('./package.json').peerDependencies['aws-cdk-lib'].replace(/^\\^/, '')")" ] && [ "$ours" != "^$constructs" ]; then
  echo "package.json peerDependencies constructs is $ours, but aws-cdk-lib $version (the peer minimum) takes constructs ^$constructs: make it ^$constructs, the widest range the suite below proves" >&2
  exit 1
fi
rm -rf "$work/node_modules/constructs" && mkdir "$work/node_modules/constructs"
(cd "$work" && npm pack "constructs@$constructs" --silent >/dev/null)
tar xzf "$work/constructs-$constructs.tgz" -C "$work/node_modules/constructs" --strip-components=1
cd "$work"
echo "aws-cdk-lib $(node -p "require('aws-cdk-lib/package.json').version"), constructs $(node -p "require('constructs/package.json').version"): type check of lib/, then the suite"
npx tsc -p tsconfig.json --noEmit
npx jest --maxWorkers=2 \
  --testPathIgnorePatterns '/test/examples/' '/test/cli/example-app.test.ts' '/test/platform/(security|platform-example).test.ts' \
    '/test/cli/local/' '/test/iam/catalogue.test.ts' '/test/iam/processing-nag.test.ts' \
  --testNamePattern '^(?!.*(every function runs on Node.js 24|acknowledgeable there by the rule|docs-security-02|docs-validation-01|docs-security-03|every snippet of the README and the guides type-checks|in one stack are valid for CloudFormation|hand-written on the aws-cdk-lib the bench runs|no custom-named resource of the example app|read by another stack through a weak reference|passes the SageMaker model|reported in each registry|finds nothing on it|time its synth spent in the validator))'
