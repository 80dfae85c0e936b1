const {simpleParser}=require('mailparser');const fs=require('fs');
(async()=>{const p=await simpleParser(fs.readFileSync(process.argv[2]));
console.log(p.headers.get('content-type'), p.subject, p.from&&p.from.text);
console.log('text:', (p.text||'').slice(0,300));
for (const a of p.attachments) console.log('ATT', a.contentType, a.contentDisposition, a.content.length, a.content.toString().slice(0,300));
})();
