// Compression settings for the body dictionary's frames, compared on one corpus: trains the
// dictionary as natoazd's loader does (fastCover k=200 d=8 f=20 at level 3, an even spread of
// up to 1,000 files cut to 16 KiB, dictionary up to 112 KiB), then compresses every file one
// frame each with the dictionary digested at each setting (level, hash and chain logs, min
// match, strategy, literals without Huffman coding) and prints the ratio and the CPU speed
// (best of ROUNDS). With GROUP > 0 it instead compresses 1, 2, 4 ... GROUP consecutive files
// per frame at level 3 (is the time per frame or per byte?). Whole files stand in for bodies.
//
// Build: cc -O2 Benchmarks/load/zstd-settings-bench.c -o /tmp/zstd-settings-bench -lzstd
// Usage: /tmp/zstd-settings-bench CORPUS_DIR [ROUNDS [ONLY_VARIANT [GROUP]]]
//        (ONLY_VARIANT -1: all; BENCHMARKS "Load speed, session 10: reading, parsing and storing")
#define ZSTD_STATIC_LINKING_ONLY
#define ZDICT_STATIC_LINKING_ONLY
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zdict.h>
#include <zstd.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_PROCESS_CPUTIME_ID,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static int byName(const void*a,const void*b){return strcmp(*(char*const*)a,*(char*const*)b);}
int main(int argc,char**argv){
  if(argc<2){fprintf(stderr,"usage: %s CORPUS_DIR [ROUNDS [ONLY_VARIANT [GROUP]]]\n",argv[0]);return 2;}
  const char*dir=argv[1]; int rounds=argc>2?atoi(argv[2]):3;
  DIR*d=opendir(dir); size_t cap=1024,count=0; char**names=malloc(cap*sizeof*names);
  for(struct dirent*e;(e=readdir(d));){size_t n=strlen(e->d_name); if(e->d_name[0]=='.'||n<5||strcmp(e->d_name+n-4,".txt"))continue; if(count==cap)names=realloc(names,(cap*=2)*sizeof*names); names[count++]=strdup(e->d_name);}
  closedir(d); qsort(names,count,sizeof*names,byName);
  char**bodies=malloc(count*sizeof*bodies); size_t*len=malloc(count*sizeof*len),total=0; char path[4096];
  for(size_t i=0;i<count;i++){snprintf(path,sizeof path,"%s/%s",dir,names[i]);FILE*f=fopen(path,"rb");fseek(f,0,SEEK_END);len[i]=ftell(f);fseek(f,0,SEEK_SET);bodies[i]=malloc(len[i]+1);fread(bodies[i],1,len[i],f);fclose(f);total+=len[i];}
  size_t step=count/1000>0?count/1000:1,samples=0,sb=0; size_t sizes[1000]; char*sample=malloc(1000*16384);
  for(size_t i=0;i<count&&samples<1000;i+=step){size_t n=len[i]>16384?16384:len[i];memcpy(sample+sb,bodies[i],n);sizes[samples++]=n;sb+=n;}
  size_t dc=sb/16>112*1024?112*1024:sb/16; char*dict=malloc(dc);
  ZDICT_fastCover_params_t p; memset(&p,0,sizeof p); p.k=200;p.d=8;p.f=20;p.accel=1;p.splitPoint=1.0;p.nbThreads=1;p.zParams.compressionLevel=3;
  size_t trained=ZDICT_trainFromBuffer_fastCover(dict,dc,sample,sizes,(unsigned)samples,p);
  size_t bound=1<<24; char*out=malloc(bound);
  // Variants: name, level, then overrides (0: the level's own) and literals off.
  struct V{const char*name;int level;int wlog,clog,hlog,slog,mml,strat;int litoff;} vs[]={
    {"L3",3,0,0,0,0,0,0,0},{"L1",1,0,0,0,0,0,0,0},{"L2",2,0,0,0,0,0,0,0},{"L-1",-1,0,0,0,0,0,0,0},
    {"L3 mml6",3,0,0,0,0,6,0,0},{"L3 mml4",3,0,0,0,0,4,0,0},{"L3 h14c14",3,0,14,14,0,0,0,0},{"L3 h15c15",3,0,15,15,0,0,0,0},{"L3 h17c16",3,0,16,17,0,0,0,0},
    {"L3 fast h16",3,0,0,16,0,0,1,0},{"L3 fast h16 mml4",3,0,0,16,0,4,1,0},{"L4",4,0,0,0,0,0,0,0},{"L3 litoff",3,0,0,0,0,0,0,1},
  };
  int only=argc>3?atoi(argv[3]):-1;
  int group=argc>4?atoi(argv[4]):0;
  if(group>0){ ZSTD_CDict*cd=ZSTD_createCDict(dict,trained,3); ZSTD_CCtx*c=ZSTD_createCCtx(); char*buf=malloc(1<<24);
    for(int g=1; g<=group; g*=2){ size_t comp=0; double best=1e9;
      for(int r=0;r<rounds;r++){comp=0; double t0=now();
        for(size_t i=0;i<count;i+=g){size_t n=0; for(size_t j=i;j<i+g&&j<count;j++){memcpy(buf+n,bodies[j],len[j]);n+=len[j];}
          size_t res=ZSTD_compress_usingCDict(c,out,bound,buf,n,cd); comp+=res;}
        double t=now()-t0; if(t<best)best=t;}
      printf("group %d: %zu -> %zu (%.4fx) best %.3f s %.0f MB/s\n",g,total,comp,(double)total/comp,best,total/1e6/best);}
    return 0;}
  for(int v=0;v<(int)(sizeof vs/sizeof vs[0]);v++){ if(only>=0&&v!=only)continue;
    // The parameters ZSTD_createCDict picks: the row for the dictionary's size plus 500.
    ZSTD_compressionParameters cp=ZSTD_getCParams(vs[v].level,trained+500,0);
    if(vs[v].wlog)cp.windowLog=vs[v].wlog;
    if(vs[v].clog)cp.chainLog=vs[v].clog;
    if(vs[v].hlog)cp.hashLog=vs[v].hlog;
    if(vs[v].slog)cp.searchLog=vs[v].slog;
    if(vs[v].mml)cp.minMatch=vs[v].mml;
    if(vs[v].strat)cp.strategy=vs[v].strat;
    ZSTD_CDict*cd;
    if(v==0) cd=ZSTD_createCDict(dict,trained,3); else cd=ZSTD_createCDict_advanced(dict,trained,ZSTD_dlm_byCopy,ZSTD_dct_auto,cp,ZSTD_defaultCMem);
    ZSTD_CCtx*c=ZSTD_createCCtx(); size_t comp=0; double best=1e9;
    for(int r=0;r<rounds;r++){comp=0;double t0=now();
      for(size_t i=0;i<count;i++){size_t res;
        if(vs[v].litoff){ZSTD_CCtx_reset(c,ZSTD_reset_session_only);ZSTD_CCtx_refCDict(c,cd);ZSTD_CCtx_setParameter(c,ZSTD_c_literalCompressionMode,ZSTD_ps_disable);res=ZSTD_compress2(c,out,bound,bodies[i],len[i]);}
        else res=ZSTD_compress_usingCDict(c,out,bound,bodies[i],len[i],cd);
        if(ZSTD_isError(res)){fprintf(stderr,"%s\n",ZSTD_getErrorName(res));return 1;} comp+=res;}
      double t=now()-t0; if(t<best)best=t;}
    printf("%-18s w%u c%u h%u s%u m%u st%d: %zu -> %zu (%.4fx) best %.3f s %.0f MB/s\n",vs[v].name,cp.windowLog,cp.chainLog,cp.hashLog,cp.searchLog,cp.minMatch,cp.strategy,total,comp,(double)total/comp,best,total/1e6/best);
    fflush(stdout);
    ZSTD_freeCCtx(c);ZSTD_freeCDict(cd);
  }
  return 0;}
