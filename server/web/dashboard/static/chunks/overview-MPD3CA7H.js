import{a,b}from"./chunk-JNMOOLTH.js";import"./chunk-I4WIYIJT.js";import"./chunk-7LAD5YVV.js";export{b as Overview,a as lastDays};
