// asl-validator 4 ships no type declarations; this is the part of its API the tests use.
declare module 'asl-validator' {
  interface AslValidationResult {
    readonly isValid: boolean;
    readonly errors: Array<{ message: string }>;
    errorsText(separator?: string): string;
  }
  function aslValidator(definition: unknown): AslValidationResult;
  export = aslValidator;
}
