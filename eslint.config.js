// ESLint (typescript-eslint, type-aware) with Prettier's formatting rules switched off (Prettier formats):
// `npm run lint`.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "data/",
      "coverage/",
      "dist/",
      "src/storage/generated/",
      "src/storage/generated-postgresql/",
      "src/web/assets/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["eslint.config.js"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `const { dropped, ...rest } = value` is how a field is left out of a copy; `dropped` is unused by design.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  {
    // Plain Node scripts that run before the TypeScript toolchain exists (the Node-version launcher runs on
    // whatever Node the machine has), and bench-ack's load thread (plain JavaScript so that a worker thread
    // starts it without a TypeScript loader): checked by the rules that need no type information.
    files: ["scripts/*.mjs", "scripts/bench-support/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { parserOptions: { projectService: false, program: null, project: false }, globals: globals.node },
  },
  prettier,
);
