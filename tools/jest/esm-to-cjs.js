// Jest transformer for ESM packages in node_modules (Nest 12 ships ESM; jest on Node < 24.9
// cannot require(esm)). Compiles them to CommonJS with babel. Their
// `const require = createRequire(import.meta.url)` is dropped first: in CommonJS the module
// already has `require`, and babel's rename of that binding breaks the emitted code.
const { createTransformer } = require('babel-jest').default;

const OWN_REQUIRE = /^const require = createRequire\(import\.meta\.url\);$/gm;
const babel = createTransformer({
  babelrc: false,
  configFile: false,
  plugins: [
    'babel-plugin-transform-import-meta',
    '@babel/plugin-transform-dynamic-import',
    '@babel/plugin-transform-modules-commonjs',
  ],
});

module.exports = {
  canInstrument: false,
  getCacheKey(source, file, options) {
    return babel.getCacheKey(source.replace(OWN_REQUIRE, ''), file, options) + ':esm-to-cjs-2';
  },
  process(source, file, options) {
    return babel.process(source.replace(OWN_REQUIRE, ''), file, options);
  },
};
