/** echarts is loaded as its own script (/assets/echarts.min.js, from node_modules) before a page's bundle. */
declare global {
  const echarts: typeof import('echarts');
}
export {};
