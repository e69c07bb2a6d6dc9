import{a,b}from"./chunk-L6BYQDJX.js";import"./chunk-OD5664TI.js";import"./chunk-WZEV5IBD.js";export{b as Overview,a as lastDays};
