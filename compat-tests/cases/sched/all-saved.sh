# desc: every scheduler on UDP and IPv6 services saved with -S and -Sn, and listed per service with -L -u
p=9000
for s in rr wrr lc wlc lblc lblcr dh sh sed nq fo ovf mh; do
  p=$((p+1))
  ipvsadm -A -u 10.0.0.100:$p -s $s
  ipvsadm -A -t [fd00::100]:$p --scheduler=$s
done
ipvsadm -S
ipvsadm -Sn
ipvsadm -Ln -u 10.0.0.100:9013
ipvsadm -Ln -t [fd00::100]:9001
