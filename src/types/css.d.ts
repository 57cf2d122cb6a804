// Stylesheets imported by client entry points (uPlot's, in src/client/charts.ts); Bun.build emits
// them beside the bundle as static/dist/NAME.css.
declare module "*.css";
