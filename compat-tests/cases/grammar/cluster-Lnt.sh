# desc: a value-taking option at the end of a cluster takes the next word (-Lnt VIP) or the attached rest (-Lnt10.0.0.100:80)
ipvsadm -A -t 10.0.0.100:80 -s rr
ipvsadm -a -t 10.0.0.100:80 -r 192.168.1.2 -m
ipvsadm -A -t 10.0.0.100:81
ipvsadm -Lnt 10.0.0.100:80
echo "rc=$?"
ipvsadm -Lnt10.0.0.100:81
echo "rc=$?"
ipvsadm -Lt 10.0.0.100:80 -n
echo "rc=$?"
