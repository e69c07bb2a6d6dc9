import{a,b}from"./chunk-L7B2PEQV.js";import"./chunk-GZZBYKI4.js";import"./chunk-OY3M5FKQ.js";export{b as Overview,a as lastDays};
