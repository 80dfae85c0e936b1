const fs=require('fs');const {extractReply}=require('./libs/messaging-gateway');
for (const n of process.argv.slice(2)) { const t=fs.readFileSync(`/work/shared/corpora/crisp-email-reply-parser/fixtures/${n}.txt`,'utf8'); const r=extractReply(t); console.log('=====',n,'\n'+r.reply.slice(0,600)+'\n----- elided starts: '+JSON.stringify(r.elided.slice(0,100))); }
