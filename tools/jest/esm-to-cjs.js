// Jest transformer for ESM packages in node_modules (Nest 12 ships ESM; jest on Node < 24.9
// cannot require(esm)). Compiles them to CommonJS with babel. Their
// `const require = createRequire(import.meta.url)` is dropped first: in CommonJS the module
// already has `require`, and babel's rename of that binding breaks the emitted code.
const { createTransformer } = require('babel-jest').default;

const OWN_REQUIRE = /^const require = createRequire\(import\.meta\.url\);$/gm;
const babel = createTransformer({
  babelrc: false,
  configFile: false,
  // Only module syntax is rewritten: the running Node understands everything else.
  presets: [['@babel/preset-env', { targets: { node: '20.19' }, modules: 'commonjs' }]],
  plugins: ['babel-plugin-transform-import-meta'],
});

module.exports = {
  canInstrument: false,
  getCacheKey(source, file, options) {
    return babel.getCacheKey(source.replace(OWN_REQUIRE, ''), file, options) + ':esm-to-cjs-3';
  },
  process(source, file, options) {
    return babel.process(source.replace(OWN_REQUIRE, ''), file, options);
  },
};
