// ESLint (typescript-eslint, type-aware) with Prettier's formatting rules switched off (Prettier formats):
// `npm run lint`.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "coverage/", "dist/", "src/storage/generated/", "scripts/use-supported-node.mjs", "scripts/copy-build-assets.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["eslint.config.js"] }, tsconfigRootDir: import.meta.dirname },
    },
  },
  prettier,
);
